import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RefundForm } from '../../lib/bindings/RefundForm';
import { session } from '../../lib/session.svelte';
import RefundDialog from './RefundDialog.svelte';
import { detail, profile, row } from './testData';

// 100.00 SEK paid, 25.00 already refunded: 75.00 remains.
const paid = row(1, { amount: 10000, refunded: 2500, status: 'partialRefund' });

interface Sent {
  scope: { profile: string; mode: string };
  liveConfirmed: boolean;
  form: RefundForm;
}

function setup(mode: 'test' | 'live' = 'test', refund?: (args: Sent) => unknown, settle?: () => unknown) {
  session.setProfiles([profile()]);
  session.selectProfile('p1');
  session.offline = false;
  if (mode === 'live') session.setMode('live');
  const sent: Sent[] = [];
  const calls: string[] = [];
  mockIPC((cmd, args) => {
    calls.push(cmd);
    if (cmd === 'refund_checkout') {
      const a = args as unknown as Sent;
      sent.push(a);
      if (refund) return refund(a);
      return { ...paid, refunded: paid.refunded + (a.form.amount ?? 0), refundedFormatted: '100.00 SEK' };
    }
    if (cmd === 'settle_unsettled') {
      return settle ? settle() : { examined: 1, done: 1, failed: 0, needsReview: 0, unsettled: [] };
    }
    if (cmd === 'get_checkout') return detail({ ...paid, status: 'refunded', refundedFormatted: '100.00 SEK' });
    throw new Error(`unexpected command ${cmd}`);
  });
  const onchanged = vi.fn();
  const onclose = vi.fn();
  render(RefundDialog, { open: true, row: { ...paid, mode }, exponent: 2, onclose, onchanged });
  return { sent, calls, onchanged };
}

describe('RefundDialog', () => {
  beforeEach(() => {
    session.mode = 'test';
  });
  afterEach(() => clearMocks());

  it('is prefilled with the remaining refundable amount, shown as the maximum', async () => {
    const { sent } = setup();
    expect(screen.getByRole('dialog', { name: /Refund order-1/ })).toBeInTheDocument();
    expect(screen.getByTestId('refund-remaining')).toHaveTextContent('75.00 SEK');
    expect(screen.getByTestId('refund-amount')).toHaveValue('75.00');
    await userEvent.selectOptions(screen.getByTestId('refund-reason'), 'Requested by customer');
    await userEvent.click(screen.getByTestId('refund-review'));
    expect(screen.getByTestId('refund-review-amount')).toHaveTextContent('75.00 SEK');
    expect(screen.queryByTestId('refund-confirm-input')).toBeNull();
    await userEvent.click(screen.getByTestId('refund-submit'));
    expect(await screen.findByTestId('refund-result')).toHaveTextContent('Refunded 75.00 SEK');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.liveConfirmed).toBe(false);
    expect(sent[0]!.form).toEqual({ checkoutId: paid.id, amount: 7500, reason: 'requested_by_customer', details: null });
  });

  it('refuses more than remains, and sends a partial amount in minor units', async () => {
    const { sent } = setup();
    await userEvent.click(screen.getByTestId('refund-partial'));
    const amount = screen.getByTestId('refund-amount');
    await userEvent.clear(amount);
    await userEvent.type(amount, '75.01');
    expect(screen.getByTestId('refund-amount-error')).toHaveTextContent('At most 75.00 SEK can be refunded');
    expect(screen.getByTestId('refund-review')).toBeDisabled();
    await userEvent.clear(amount);
    await userEvent.type(amount, '12,5');
    await userEvent.selectOptions(screen.getByTestId('refund-reason'), 'fraudulent');
    await userEvent.type(screen.getByTestId('refund-details'), 'chargeback 991');
    await userEvent.click(screen.getByTestId('refund-review'));
    await userEvent.click(screen.getByTestId('refund-submit'));
    await screen.findByTestId('refund-result');
    expect(sent[0]!.form).toEqual({ checkoutId: paid.id, amount: 1250, reason: 'fraudulent', details: 'chargeback 991' });
  });

  it('in live mode requires the amount typed exactly, and only then sends liveConfirmed', async () => {
    const { sent } = setup('live');
    await userEvent.click(screen.getByTestId('refund-partial'));
    const amount = screen.getByTestId('refund-amount');
    await userEvent.clear(amount);
    await userEvent.type(amount, '1234');
    await userEvent.clear(amount);
    await userEvent.type(amount, '10');
    await userEvent.click(screen.getByTestId('refund-review'));
    expect(screen.getByTestId('refund-live')).toHaveTextContent('LIVE');
    expect(screen.getByTestId('refund-phrase')).toHaveTextContent('10.00');
    const submit = screen.getByTestId('refund-submit');
    expect(submit).toBeDisabled();
    await userEvent.type(screen.getByTestId('refund-confirm-input'), '10');
    expect(submit).toBeDisabled();
    await userEvent.click(submit);
    expect(sent).toHaveLength(0);
    await userEvent.type(screen.getByTestId('refund-confirm-input'), '.00');
    expect(submit).toBeEnabled();
    await userEvent.click(submit);
    await screen.findByTestId('refund-result');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.liveConfirmed).toBe(true);
    expect(sent[0]!.scope).toEqual({ profile: 'p1', mode: 'live' });
  });

  it('disables the button while the refund is in flight', async () => {
    let answer: (value: unknown) => void = () => {};
    const { sent, onchanged } = setup('test', () => new Promise((resolve) => (answer = resolve)));
    await userEvent.click(screen.getByTestId('refund-review'));
    const submit = screen.getByTestId('refund-submit');
    await userEvent.click(submit);
    expect(submit).toBeDisabled();
    expect(submit).toHaveTextContent('Refunding…');
    await userEvent.click(submit);
    expect(sent).toHaveLength(1);
    answer({ ...paid, refunded: 10000, refundedFormatted: '100.00 SEK' });
    expect(await screen.findByTestId('refund-result')).toHaveTextContent('Refunded in total: 100.00 SEK');
    expect(onchanged).toHaveBeenCalled();
  });

  it('says "Outcome unknown — checking", never failed, then settles and reports', async () => {
    let settle: (value: unknown) => void = () => {};
    const { calls } = setup(
      'test',
      () => Promise.reject({ code: 'outcome_unknown', message: 'no reply after 3 attempts', field: null }),
      () => new Promise((resolve) => (settle = resolve)),
    );
    await userEvent.click(screen.getByTestId('refund-review'));
    await userEvent.click(screen.getByTestId('refund-submit'));
    const result = await screen.findByTestId('refund-result');
    expect(result).toHaveTextContent('Outcome unknown — checking');
    expect(result).not.toHaveTextContent(/fail/i);
    settle({ examined: 1, done: 1, failed: 0, needsReview: 0, unsettled: [] });
    await waitFor(() => expect(screen.getByTestId('refund-result')).toHaveTextContent('Checked: the checkout is now Refunded'));
    expect(calls).toEqual(['refund_checkout', 'settle_unsettled', 'get_checkout']);
  });

  it('says plainly that nothing was sent when offline', async () => {
    setup('test', () => Promise.reject({ code: 'offline', message: 'connection refused by 127.0.0.1:9999', field: null }));
    await userEvent.click(screen.getByTestId('refund-review'));
    await userEvent.click(screen.getByTestId('refund-submit'));
    expect(await screen.findByTestId('refund-result')).toHaveTextContent(
      'Nothing was sent: connection refused by 127.0.0.1:9999',
    );
    expect(session.offline).toBe(true);
  });
});
