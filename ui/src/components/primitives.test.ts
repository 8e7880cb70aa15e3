import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { DeskError } from '../lib/api/invoke';
import ConfirmDialog from './ConfirmDialog.svelte';
import Dialog from './Dialog.svelte';
import ErrorText from './ErrorText.svelte';
import Money from './Money.svelte';
import ProgressBar from './ProgressBar.svelte';
import StatusBadge from './StatusBadge.svelte';

const text = (t: string) => createRawSnippet(() => ({ render: () => `<p>${t}</p>` }));

describe('Dialog', () => {
  it('is labelled by its title and asks to close on Esc', async () => {
    const onclose = vi.fn();
    render(Dialog, { open: true, title: 'Refund', onclose, children: text('body') });
    const dialog = screen.getByRole('dialog', { name: 'Refund' });
    expect(dialog).toHaveAttribute('open');
    screen.getByRole('button', { name: 'Close' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('ignores Esc while a write is in flight', async () => {
    const onclose = vi.fn();
    const field = createRawSnippet(() => ({ render: () => '<input aria-label="Amount" />' }));
    render(Dialog, { open: true, title: 'Refund', onclose, busy: true, children: field });
    screen.getByRole('textbox', { name: 'Amount' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(onclose).not.toHaveBeenCalled();
  });
});

describe('ConfirmDialog', () => {
  it('confirms only once the phrase is typed exactly', async () => {
    const onconfirm = vi.fn();
    render(ConfirmDialog, {
      open: true,
      title: 'Capture',
      confirmLabel: 'Capture',
      onconfirm,
      oncancel: () => {},
      live: true,
      typeToConfirm: '30.00 SEK',
      children: text('Capture 30.00 SEK?'),
    });
    expect(screen.getByTestId('confirm-dialog-live')).toHaveTextContent('LIVE');
    const button = screen.getByTestId('confirm-dialog-confirm');
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByTestId('confirm-dialog-type'), '30.00 SE');
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByTestId('confirm-dialog-type'), 'K');
    await userEvent.click(button);
    expect(onconfirm).toHaveBeenCalledTimes(1);
  });
});

describe('StatusBadge', () => {
  it('shows known statuses with words and unknown ones verbatim', () => {
    render(StatusBadge, { status: 'reserve released' });
    render(StatusBadge, { status: 'disputed' });
    const badges = screen.getAllByTestId('status-badge');
    expect(badges[0]).toHaveTextContent('Reserve released');
    expect(badges[0]).toHaveClass('tone-muted');
    expect(badges[1]).toHaveTextContent('disputed');
    expect(badges[1]).toHaveClass('tone-neutral');
  });
});

describe('ErrorText', () => {
  it("shows the server's message and the field at fault, as an alert", () => {
    render(ErrorText, { error: new DeskError({ code: 'invalid_input', message: 'must be https', field: 'returnUrl' }) });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('must be https');
    expect(alert).toHaveTextContent('field: returnUrl');
  });

  it('renders nothing without an error', () => {
    render(ErrorText, { error: null });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('ProgressBar', () => {
  it('shows done/total and failures, and cancels', async () => {
    const oncancel = vi.fn();
    render(ProgressBar, { done: 3, total: 10, failed: 1, label: 'Syncing', oncancel });
    expect(screen.getByTestId('progress-count')).toHaveTextContent('3 / 10 · 1 failed');
    expect(screen.getByRole('progressbar', { name: 'Syncing' })).toHaveAttribute('value', '3');
    await userEvent.click(screen.getByTestId('progress-cancel'));
    expect(oncancel).toHaveBeenCalled();
  });
});

describe('Money', () => {
  it('formats minor units with the currency exponent, grouped', () => {
    render(Money, { minor: 123450, currency: 'SEK', exponent: 2, testid: 'm1' });
    render(Money, { minor: 1234, currency: 'KWD', exponent: 3, testid: 'm2' });
    expect(screen.getByTestId('m1')).toHaveTextContent('1,234.50 SEK');
    expect(screen.getByTestId('m2')).toHaveTextContent('1.234 KWD');
  });
});
