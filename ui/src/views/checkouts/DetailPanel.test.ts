import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutDetail } from '../../lib/bindings/CheckoutDetail';
import { session } from '../../lib/session.svelte';
import DetailPanel from './DetailPanel.svelte';
import { detail, profile, row } from './testData';

const reserved = row(3, {
  status: 'reserved',
  identifier: 'order-3',
  amount: 3000,
  amountFormatted: '30.00 SEK',
  remainingRefundable: 0,
  customerId: 'cus_9',
  message: '<b>not bold</b>',
  metadata: { order: '1001', vip: true },
});
const reservedDetail: CheckoutDetail = detail(reserved, {
  actions: {
    capture: null,
    release: null,
    refund: 'a reserve is released, not refunded',
    delete: 'only a created (unpaid) checkout can do this; this one is reserved',
  },
  events: [
    { seq: 1, at: '2026-11-20T10:00:00Z', kind: 'created', fromStatus: null, toStatus: 'created', amount: 3000, actor: 'ui', journalId: 'j1', detail: null },
    { seq: 2, at: '2026-11-20T10:05:00Z', kind: 'status_changed', fromStatus: 'created', toStatus: 'reserved', amount: null, actor: 'sync', journalId: null, detail: null },
  ],
  raw: { checkout_id: reserved.id, status: 'reserved', capture: false, returnUrl: 'https://shop.example/ok', surprise: '<img src=x onerror=alert(1)>' },
});

function setup(handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}, d: CheckoutDetail = reservedDetail) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const h = handlers[cmd];
    if (h) return h(args);
    if (cmd === 'get_checkout') return d;
    throw new Error(`unexpected command ${cmd}`);
  });
  const props = {
    id: reserved.id,
    version: 0,
    now: new Date(),
    onclose: vi.fn(),
    onchanged: vi.fn(),
    ondeleted: vi.fn(),
    onopencustomer: vi.fn(),
  };
  render(DetailPanel, props);
  return { calls, props };
}

describe('DetailPanel', () => {
  beforeEach(() => {
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
    session.offline = false;
  });
  afterEach(() => clearMocks());

  it('shows every field, merchant text as text, the timeline and the raw JSON', async () => {
    const { props } = setup();
    expect(await screen.findByTestId('detail-amount')).toHaveTextContent('30.00 SEK');
    const fields = screen.getByTestId('checkout-fields');
    expect(fields).toHaveTextContent('<b>not bold</b>');
    expect(fields.querySelector('b')).toBeNull();
    expect(fields).toHaveTextContent('returnUrl');
    expect(fields).toHaveTextContent('https://shop.example/ok');
    expect(fields).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('hosted-link')).toHaveValue(reserved.link);
    expect(screen.getAllByTestId('timeline-event').map((e) => e.dataset.kind)).toEqual(['status_changed', 'created']);
    expect(screen.getByTestId('raw-json').querySelector('pre')!.textContent).toContain('"capture": false');
    await userEvent.click(screen.getByTestId('detail-customer'));
    expect(props.onopencustomer).toHaveBeenCalledWith('cus_9');
  });

  it('opens the hosted page in the browser', async () => {
    const { calls } = setup({ 'plugin:opener|open_url': () => null });
    await userEvent.click(await screen.findByTestId('hosted-open'));
    expect(calls.find((c) => c.cmd === 'plugin:opener|open_url')?.args).toMatchObject({ url: reserved.link });
  });

  it('disables actions with the reason the desk gives, and captures after a confirm step', async () => {
    const { calls, props } = setup({
      capture_checkout: () => ({ ...reserved, status: 'paid', remainingRefundable: 3000 }),
    });
    const capture = await screen.findByTestId('action-capture');
    expect(capture).toBeEnabled();
    const refund = screen.getByTestId('action-refund');
    expect(refund).toBeDisabled();
    expect(refund).toHaveAttribute('title', 'a reserve is released, not refunded');
    expect(screen.getByTestId('action-delete')).toHaveAttribute('title', expect.stringContaining('only a created'));

    await userEvent.click(capture);
    expect(calls.some((c) => c.cmd === 'capture_checkout')).toBe(false);
    const dialog = screen.getByRole('dialog', { name: 'Capture payment' });
    expect(dialog).toHaveTextContent('Capture 30.00 SEK');
    await userEvent.click(within(dialog).getByTestId('action-confirm-confirm'));
    expect(await screen.findByTestId('action-result')).toHaveTextContent('Captured 30.00 SEK. Status: Paid.');
    expect(calls.find((c) => c.cmd === 'capture_checkout')?.args).toEqual({
      scope: { profile: 'p1', mode: 'test' },
      liveConfirmed: false,
      id: reserved.id,
    });
    expect(props.onchanged).toHaveBeenCalled();
  });

  it('deletes an unpaid checkout after a confirm step and reports it gone', async () => {
    const created = row(3, { status: 'created' });
    const { calls, props } = setup(
      { delete_checkout: () => null },
      detail(created, {
        actions: {
          capture: 'only a reserved checkout can do this; this one is created',
          release: 'only a reserved checkout can do this; this one is created',
          refund: 'only a paid or partially refunded checkout can do this; this one is created',
          delete: null,
        },
      }),
    );
    await userEvent.click(await screen.findByTestId('action-delete'));
    expect(screen.getByRole('dialog', { name: 'Delete checkout' })).toHaveTextContent('Its payment link stops working');
    await userEvent.click(screen.getByTestId('action-confirm-confirm'));
    await waitFor(() => expect(props.ondeleted).toHaveBeenCalledWith(created.id));
    expect(calls.find((c) => c.cmd === 'delete_checkout')?.args).toEqual({
      scope: { profile: 'p1', mode: 'test' },
      liveConfirmed: false,
      id: created.id,
    });
  });

  it('in live mode capture needs the amount typed and sends liveConfirmed', async () => {
    session.setMode('live');
    const { calls } = setup(
      { capture_checkout: () => ({ ...reserved, mode: 'live', status: 'paid' }) },
      { ...reservedDetail, row: { ...reserved, mode: 'live' } },
    );
    await userEvent.click(await screen.findByTestId('action-capture'));
    const confirm = screen.getByTestId('action-confirm-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.type(screen.getByTestId('action-confirm-type'), '30.00');
    await userEvent.click(confirm);
    await screen.findByTestId('action-result');
    expect(calls.find((c) => c.cmd === 'capture_checkout')?.args).toMatchObject({ liveConfirmed: true, scope: { mode: 'live' } });
  });

  it('refuses to act on a checkout of the other mode', async () => {
    session.setMode('live');
    setup();
    const capture = await screen.findByTestId('action-capture');
    expect(capture).toBeDisabled();
    expect(capture.getAttribute('title')).toMatch(/test-mode checkout and the desk is in live mode/);
  });

  it('shows an unsettled write as "Outcome unknown — checking" and checks it on demand', async () => {
    let settled = false;
    const unsettled = {
      ...reservedDetail,
      unsettled: {
        id: 'j9',
        profileId: 'p1',
        mode: 'test' as const,
        operation: 'capture_checkout' as const,
        targetId: reserved.id,
        params: {},
        idempotencyKey: 'k',
        state: 'unknown' as const,
        errorCode: 'outcome_unknown',
        errorMessage: 'connection dropped',
        attempts: 3,
        createdAt: '2026-11-20T10:06:00Z',
        updatedAt: '2026-11-20T10:06:00Z',
      },
    };
    const { calls } = setup({
      get_checkout: () => (settled ? { ...reservedDetail, row: { ...reserved, status: 'paid' } } : unsettled),
      settle_unsettled: () => {
        settled = true;
        return { examined: 1, done: 1, failed: 0, needsReview: 0, unsettled: [] };
      },
    });
    const notice = await screen.findByTestId('unsettled');
    expect(notice).toHaveTextContent('Outcome unknown — checking');
    expect(notice).toHaveTextContent('connection dropped');
    await userEvent.click(screen.getByTestId('unsettled-check'));
    expect(await screen.findByTestId('detail-note')).toHaveTextContent('Checked: the checkout is now Paid');
    await waitFor(() => expect(screen.queryByTestId('unsettled')).toBeNull());
    expect(calls.find((c) => c.cmd === 'settle_unsettled')?.args).toEqual({ scope: { profile: 'p1', mode: 'test' } });
  });

  it('refresh reaches the API; offline it says nothing was sent', async () => {
    setup({ refresh_checkout: () => Promise.reject({ code: 'offline', message: 'could not connect to 127.0.0.1:9999', field: null }) });
    await userEvent.click(await screen.findByTestId('detail-refresh'));
    expect(await screen.findByTestId('detail-note')).toHaveTextContent('Nothing was sent: could not connect to 127.0.0.1:9999');
    expect(session.offline).toBe(true);
  });
});
