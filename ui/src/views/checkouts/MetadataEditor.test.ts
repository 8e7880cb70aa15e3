import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetadataChange } from '../../lib/bindings/MetadataChange';
import { session } from '../../lib/session.svelte';
import MetadataEditor from './MetadataEditor.svelte';
import { profile, row } from './testData';

const withMeta = row(7, { metadata: { order: '1001', vip: true, note: 'gift' } });

function setup(blocked: string | null = null) {
  const sent: { change: MetadataChange; liveConfirmed: boolean }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'update_metadata') {
      sent.push(args as unknown as { change: MetadataChange; liveConfirmed: boolean });
      return withMeta;
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  const onchanged = vi.fn();
  render(MetadataEditor, { row: withMeta, blocked, onchanged });
  return { sent, onchanged };
}

function rowFor(key: string) {
  return screen.getAllByTestId('metadata-row').find((r) => r.dataset.key === key)!;
}

describe('MetadataEditor', () => {
  beforeEach(() => {
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
  });
  afterEach(() => clearMocks());

  it('adds, edits and deletes keys and sends exactly that change', async () => {
    const { sent, onchanged } = setup();
    expect(screen.getAllByTestId('metadata-entry').map((e) => e.dataset.key)).toEqual(['note', 'order', 'vip']);
    await userEvent.click(screen.getByTestId('metadata-edit'));

    const order = within(rowFor('order')).getByTestId('metadata-value');
    await userEvent.clear(order);
    await userEvent.type(order, '1002');
    await userEvent.click(within(rowFor('vip')).getByTestId('metadata-delete'));
    expect(within(rowFor('vip')).getByTestId('metadata-will-delete')).toHaveTextContent('“vip” will be deleted');

    await userEvent.click(screen.getByTestId('metadata-add'));
    const added = rowFor('');
    await userEvent.type(within(added).getByTestId('metadata-key'), 'items');
    await userEvent.selectOptions(within(added).getByTestId('metadata-type'), 'number');
    await userEvent.type(within(added).getByTestId('metadata-value'), '3');

    await userEvent.click(screen.getByTestId('metadata-save'));
    expect(sent).toEqual([
      {
        scope: { profile: 'p1', mode: 'test' },
        liveConfirmed: false,
        change: { checkoutId: withMeta.id, set: { order: '1002', items: 3 }, remove: ['vip'] },
      },
    ]);
    expect(await screen.findByTestId('metadata-result')).toHaveTextContent('Metadata saved: 2 keys set, 1 deleted.');
    expect(onchanged).toHaveBeenCalled();
  });

  it('turns a cleared value into an explicit delete', async () => {
    const { sent } = setup();
    await userEvent.click(screen.getByTestId('metadata-edit'));
    await userEvent.clear(within(rowFor('note')).getByTestId('metadata-value'));
    expect(within(rowFor('note')).getByTestId('metadata-will-delete')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('metadata-save'));
    expect(sent[0]!.change).toEqual({ checkoutId: withMeta.id, set: {}, remove: ['note'] });
  });

  it('checks the limits as you type', async () => {
    const { sent } = setup();
    await userEvent.click(screen.getByTestId('metadata-edit'));
    const save = screen.getByTestId('metadata-save');
    // Nothing changed yet: nothing to save.
    expect(save).toBeDisabled();
    expect(screen.getByTestId('metadata-limits')).toHaveTextContent('3 / 50 keys');

    await userEvent.click(screen.getByTestId('metadata-add'));
    const added = rowFor('');
    await userEvent.type(within(added).getByTestId('metadata-value'), 'x');
    expect(within(added).getByTestId('metadata-row-error')).toHaveTextContent('Key must not be empty');
    await userEvent.type(within(added).getByTestId('metadata-key'), 'order');
    expect(within(added).getByTestId('metadata-row-error')).toHaveTextContent('Key "order" is used twice');
    await userEvent.clear(within(added).getByTestId('metadata-key'));
    await userEvent.type(within(added).getByTestId('metadata-key'), 'big');
    expect(within(added).queryByTestId('metadata-row-error')).toBeNull();
    expect(save).toBeEnabled();

    // Past 5 KB of JSON the editor says so and refuses to save.
    const value = within(added).getByTestId('metadata-value');
    await userEvent.click(value);
    await userEvent.paste('y'.repeat(5100));
    expect(screen.getByTestId('metadata-limit-error')).toHaveTextContent(/bytes as JSON: at most 5120 are allowed/);
    expect(save).toBeDisabled();

    await userEvent.selectOptions(within(added).getByTestId('metadata-type'), 'number');
    expect(within(added).getByTestId('metadata-row-error')).toHaveTextContent('Not a number');
    await userEvent.clear(value);
    await userEvent.type(value, '42');
    expect(screen.queryByTestId('metadata-limit-error')).toBeNull();
    expect(screen.getByTestId('metadata-limits')).toHaveTextContent('4 / 50 keys');
    await userEvent.click(save);
    expect(sent[0]!.change.set).toEqual({ big: 42 });
  });

  it('stops at 50 keys', async () => {
    setup();
    await userEvent.click(screen.getByTestId('metadata-edit'));
    for (let i = 0; i < 48; i++) await userEvent.click(screen.getByTestId('metadata-add'));
    const fresh = screen.getAllByTestId('metadata-row').filter((r) => r.dataset.key === '');
    for (const [i, r] of fresh.entries()) {
      await fireEvent.input(within(r).getByTestId('metadata-key'), { target: { value: `k${i}` } });
      await fireEvent.input(within(r).getByTestId('metadata-value'), { target: { value: 'v' } });
    }
    expect(screen.getByTestId('metadata-limits')).toHaveTextContent('51 / 50 keys');
    expect(screen.getByTestId('metadata-limit-error')).toHaveTextContent('51 keys: at most 50 are allowed');
    expect(screen.getByTestId('metadata-save')).toBeDisabled();
    await userEvent.click(within(rowFor('note')).getByTestId('metadata-delete'));
    expect(screen.getByTestId('metadata-limits')).toHaveTextContent('50 / 50 keys');
    expect(screen.getByTestId('metadata-save')).toBeEnabled();
  });

  it('asks for confirmation in live mode and sends liveConfirmed only after it', async () => {
    session.setMode('live');
    const { sent } = setup();
    await userEvent.click(screen.getByTestId('metadata-edit'));
    await userEvent.click(within(rowFor('vip')).getByTestId('metadata-delete'));
    await userEvent.click(screen.getByTestId('metadata-save'));
    expect(sent).toHaveLength(0);
    expect(screen.getByTestId('metadata-confirm-live')).toHaveTextContent('LIVE');
    await userEvent.click(screen.getByTestId('metadata-confirm-confirm'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.liveConfirmed).toBe(true);
  });

  it('shows why editing is off', () => {
    setup('Offline: the API is unreachable');
    expect(screen.getByTestId('metadata-edit')).toBeDisabled();
    expect(screen.getByTestId('metadata-edit')).toHaveAttribute('title', 'Offline: the API is unreachable');
  });
});
