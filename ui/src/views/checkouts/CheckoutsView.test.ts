import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import { nav } from '../../lib/nav.svelte';
import { session } from '../../lib/session.svelte';
import CheckoutsView from './CheckoutsView.svelte';
import { currencyList } from './currencies.svelte';
import { CURRENCIES, detail, page, profile, row } from './testData';

type Handler = (args: Record<string, unknown>) => unknown;

function mockDesk(extra: Record<string, Handler> = {}) {
  const queries: ListQuery[] = [];
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = extra[cmd];
    if (handler) return handler(args);
    if (cmd === 'currencies') return CURRENCIES;
    if (cmd === 'checkout_page') {
      const q = args.query as ListQuery;
      queries.push(q);
      return page(q, 5);
    }
    if (cmd === 'checkout_totals') return page(args.query as ListQuery, 5).totals;
    // The sync bar's count of checkouts not synced for a day.
    if (cmd === 'count_checkouts') return 0;
    if (cmd === 'get_checkout') return detail(row(Number(String(args.id).slice(1))));
    throw new Error(`unexpected command ${cmd}`);
  });
  return { queries, calls };
}

const lastQuery = (queries: ListQuery[]) => queries[queries.length - 1]!;

describe('CheckoutsView', () => {
  beforeEach(() => {
    currencyList.reset();
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
    session.offline = false;
    nav.selectedCheckoutId = null;
  });
  afterEach(() => clearMocks());

  it('lists the scope newest first and sorts by the clicked column', async () => {
    const { queries } = mockDesk();
    render(CheckoutsView);
    expect(await screen.findAllByTestId('checkout-row')).toHaveLength(5);
    expect(lastQuery(queries)).toMatchObject({ profileId: 'p1', mode: 'test', sort: 'createdAt', direction: 'desc', offset: 0 });

    await userEvent.click(screen.getByTestId('sort-amount'));
    await waitFor(() => expect(lastQuery(queries)).toMatchObject({ sort: 'amount', direction: 'desc' }));
    expect(screen.getByTestId('sort-amount').closest('[role=columnheader]')).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(screen.getByTestId('sort-amount'));
    await waitFor(() => expect(lastQuery(queries)).toMatchObject({ sort: 'amount', direction: 'asc' }));
    await userEvent.click(screen.getByTestId('sort-identifier'));
    await waitFor(() => expect(lastQuery(queries)).toMatchObject({ sort: 'identifier', direction: 'asc' }));
  });

  it('turns status multi-select, a date preset and an amount range into the ListQuery', async () => {
    const { queries } = mockDesk();
    render(CheckoutsView);
    await screen.findAllByTestId('checkout-row');

    await userEvent.click(screen.getByText(/^Status:/));
    const option = (wire: string) =>
      screen.getAllByTestId('filter-status-option').find((el) => el.dataset.status === wire)!;
    await userEvent.click(option('paid'));
    await userEvent.click(option('reserve released'));
    expect(screen.getByTestId('filter-status-summary')).toHaveTextContent('Paid, Reserve released');

    const before = Date.now();
    await userEvent.selectOptions(screen.getByTestId('filter-date'), '7d');
    expect(screen.getByTestId('filter-amount-min')).toBeDisabled();
    await userEvent.selectOptions(screen.getByTestId('filter-currency'), 'SEK');
    await userEvent.type(screen.getByTestId('filter-amount-min'), '10');
    await userEvent.type(screen.getByTestId('filter-amount-max'), '250,50');

    await waitFor(() => expect(lastQuery(queries).amountMax).toBe(25050));
    const q = lastQuery(queries);
    expect(q).toMatchObject({
      statuses: ['paid', 'reserve released'],
      currency: 'SEK',
      amountMin: 1000,
      amountMax: 25050,
      createdTo: null,
      offset: 0,
    });
    const from = new Date(q.createdFrom!).getTime();
    expect(from).toBeGreaterThanOrEqual(before - 7 * 86_400_000 - 1000);
    expect(from).toBeLessThanOrEqual(Date.now() - 7 * 86_400_000 + 1000);
  });

  it('keeps the last valid query while an amount is mistyped, and says why', async () => {
    const { queries } = mockDesk();
    render(CheckoutsView);
    await screen.findAllByTestId('checkout-row');
    await userEvent.selectOptions(screen.getByTestId('filter-currency'), 'JPY');
    await waitFor(() => expect(lastQuery(queries).currency).toBe('JPY'));
    const count = queries.length;
    await userEvent.click(screen.getByTestId('filter-amount-min'));
    await userEvent.paste('1.5');
    expect(screen.getByTestId('filter-errors')).toHaveTextContent('This currency has no decimals');
    expect(queries.length).toBe(count);
  });

  it('searches after typing pauses, and marks stale rows', async () => {
    const { queries } = mockDesk({
      checkout_page: (args) => {
        const q = args.query as ListQuery;
        queries.push(q);
        const p = page(q, 2);
        p.rows[1] = { ...p.rows[1]!, isFinal: false, lastSyncedAt: '2020-01-01T00:00:00Z' };
        return p;
      },
    });
    render(CheckoutsView);
    const rows = await screen.findAllByTestId('checkout-row');
    expect(within(rows[1]!).getByTestId('row-stale')).toBeInTheDocument();
    expect(within(rows[0]!).queryByTestId('row-stale')).toBeNull();
    const box = screen.getByTestId('filter-search');
    await userEvent.type(box, 'order:1001');
    // Not one query per keystroke.
    expect(queries.filter((q) => q.search !== null)).toHaveLength(0);
    await waitFor(() => expect(lastQuery(queries).search).toBe('order:1001'));
    expect(queries.filter((q) => q.search !== null && q.search !== 'order:1001')).toHaveLength(0);
  });

  it('opens the detail panel from a row, from the cache', async () => {
    const { calls } = mockDesk();
    render(CheckoutsView);
    await userEvent.click(await screen.findByRole('button', { name: 'c0000002' }));
    expect(nav.selectedCheckoutId).toBe('c0000002');
    const panel = await screen.findByTestId('detail-panel');
    expect(await within(panel).findByTestId('detail-amount')).toHaveTextContent('10.02 SEK');
    expect(calls.find((c) => c.cmd === 'get_checkout')?.args).toEqual({ scope: { profile: 'p1', mode: 'test' }, id: 'c0000002' });
  });

  it('exports the current filter to the path chosen, and shows the rows written', async () => {
    const { calls } = mockDesk({
      export_checkouts: () => ({ rows: 5, metadataKeys: ['order'] }),
      'plugin:dialog|save': () => '/tmp/out/checkouts.csv',
    });
    render(CheckoutsView);
    await screen.findAllByTestId('checkout-row');
    await userEvent.click(screen.getByTestId('export-open'));
    await userEvent.click(screen.getByTestId('export-browse'));
    await waitFor(() => expect(screen.getByTestId('export-path')).toHaveValue('/tmp/out/checkouts.csv'));
    await userEvent.click(screen.getByTestId('export-run'));
    expect(await screen.findByTestId('export-result')).toHaveTextContent('5 rows written to /tmp/out/checkouts.csv');
    const sent = calls.find((c) => c.cmd === 'export_checkouts')!.args;
    expect(sent.path).toBe('/tmp/out/checkouts.csv');
    expect(sent.query).toMatchObject({ profileId: 'p1', mode: 'test', sort: 'createdAt' });
  });

  it('exports only the selected rows from the bulk bar', async () => {
    const { calls } = mockDesk({
      export_checkouts: () => ({ rows: 2, metadataKeys: [] }),
    });
    render(CheckoutsView);
    const rows = await screen.findAllByTestId('checkout-row');
    await userEvent.click(within(rows[0]!).getByTestId('row-select'));
    await userEvent.click(within(rows[2]!).getByTestId('row-select'));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('2 selected');
    await userEvent.click(screen.getByTestId('bulk-export-open'));
    expect(screen.getByTestId('bulk-export-dialog')).toHaveTextContent('2 selected checkouts');
    await userEvent.type(screen.getByTestId('bulk-export-path'), '/tmp/out/selected.csv');
    await userEvent.click(screen.getByTestId('bulk-export-run'));
    expect(await screen.findByTestId('bulk-export-result')).toHaveTextContent('2 rows written to /tmp/out/selected.csv');
    const sent = calls.find((c) => c.cmd === 'export_checkouts')!.args;
    expect(sent.query).toMatchObject({ profileId: 'p1', mode: 'test', offset: 0 });
    expect([...((sent.query as ListQuery).ids ?? [])].sort()).toEqual(['c0000000', 'c0000002']);
  });

  it('refuses writes offline with the reason, while the cached list still shows', async () => {
    mockDesk();
    session.offline = true;
    render(CheckoutsView);
    expect(await screen.findAllByTestId('checkout-row')).toHaveLength(5);
    expect(screen.getByTestId('create-open')).toBeDisabled();
    expect(screen.getByTestId('view-writes-blocked')).toHaveTextContent('Offline');
    await fireEvent.click(screen.getByRole('button', { name: 'c0000001' }));
    const panel = await screen.findByTestId('detail-panel');
    await within(panel).findByTestId('detail-amount');
    const refund = within(panel).getByTestId('action-refund');
    expect(refund).toBeDisabled();
    expect(refund.getAttribute('title')).toMatch(/^Offline/);
  });
});
