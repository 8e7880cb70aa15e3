import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import CheckoutList from './CheckoutList.svelte';
import { page } from './testData';

const baseQuery: ListQuery = {
  profileId: 'p1',
  mode: 'test',
  statuses: [],
  createdFrom: null,
  createdTo: null,
  currency: null,
  amountMin: null,
  amountMax: null,
  customerId: null,
  search: null,
  staleHours: null,
  sort: 'createdAt',
  direction: 'desc',
  limit: 100,
  offset: 0,
  after: null,
};

function mockList(total: number) {
  const queries: ListQuery[] = [];
  mockIPC((cmd, args) => {
    const q = (args as { query: ListQuery }).query;
    if (cmd === 'checkout_page') {
      queries.push(q);
      return page(q, total);
    }
    if (cmd === 'checkout_totals') return page(q, total).totals;
    throw new Error(`unexpected command ${cmd}`);
  });
  return queries;
}

function renderList(over: Partial<Parameters<typeof render<typeof CheckoutList>>[1]> = {}) {
  const onopen = vi.fn();
  const onsort = vi.fn();
  const result = render(CheckoutList, {
    query: baseQuery,
    sort: { column: 'createdAt', direction: 'desc' },
    onsort,
    selectedId: null,
    onopen,
    version: 0,
    now: new Date(),
    filtered: false,
    ...over,
  });
  return { ...result, onopen, onsort };
}

describe('CheckoutList', () => {
  afterEach(() => clearMocks());

  it('renders cached rows with formatted amounts, badges and totals', async () => {
    mockList(3);
    const { onopen } = renderList();
    const rows = await screen.findAllByTestId('checkout-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('c0000000');
    expect(rows[0]).toHaveTextContent('order-0');
    expect(rows[0]).toHaveTextContent('10.00 SEK');
    expect(rows[0]).toHaveTextContent('Paid');
    expect(screen.getByTestId('list-total-count')).toHaveTextContent('3');
    expect(screen.getByTestId('list-total-currency')).toHaveTextContent('3 in SEK: 30.00 SEK');
    await userEvent.click(screen.getByRole('button', { name: 'c0000001' }));
    expect(onopen).toHaveBeenCalledWith('c0000001');
  });

  it('marks the sorted column with aria-sort and reports header clicks', async () => {
    mockList(3);
    const { onsort } = renderList({ sort: { column: 'amount', direction: 'asc' } });
    await screen.findAllByTestId('checkout-row');
    const amountHeader = screen.getByTestId('sort-amount').closest('[role=columnheader]');
    expect(amountHeader).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByTestId('sort-id').closest('[role=columnheader]')).toHaveAttribute('aria-sort', 'none');
    await userEvent.click(screen.getByTestId('sort-createdAt'));
    expect(onsort).toHaveBeenCalledWith('createdAt');
  });

  it('keeps at most 100 rows in the DOM over a million, fetching the scrolled-to page by offset', async () => {
    const queries = mockList(1_000_000);
    renderList();
    await screen.findAllByTestId('checkout-row');
    expect(screen.getByTestId('list-total-count')).toHaveTextContent('1,000,000');
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '1000001');
    expect(screen.getAllByTestId('checkout-row').length).toBeLessThanOrEqual(100);
    expect(queries.map((q) => q.offset)).toEqual([0]);

    // The spacer is capped, so the scrollbar's middle is the middle of the list.
    const viewport = screen.getByTestId('checkout-viewport');
    const spacer = viewport.firstElementChild as HTMLElement;
    const height = parseFloat(spacer.style.height);
    expect(height).toBeLessThan(34 * 1_000_000);
    viewport.scrollTop = height / 2;
    await fireEvent.scroll(viewport);

    await waitFor(() => expect(queries.length).toBeGreaterThan(1));
    const offsets = queries.slice(1).map((q) => q.offset);
    for (const o of offsets) {
      expect(o % 100).toBe(0);
      expect(o).toBeGreaterThan(490_000);
      expect(o).toBeLessThan(510_000);
    }
    await waitFor(() => {
      const rows = screen.getAllByTestId('checkout-row');
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.length).toBeLessThanOrEqual(100);
      const index = Number(rows[0]!.dataset.index);
      expect(index).toBeGreaterThan(490_000);
    });
    expect(document.querySelectorAll('[role=row]').length).toBeLessThanOrEqual(101);
  });

  it('moves between rows with the arrow keys and End, scrolling as needed', async () => {
    mockList(1000);
    renderList();
    await screen.findAllByTestId('checkout-row');
    screen.getByRole('button', { name: 'c0000000' }).focus();
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement).toHaveTextContent('c0000001');
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement).toHaveTextContent('c0000999'));
    expect(screen.getByTestId('checkout-viewport').scrollTop).toBeGreaterThan(30_000);
  });

  it('shows rows before the totals arrive, then sizes the list by them', async () => {
    let release: (() => void) | null = null;
    const totalsReady = new Promise<void>((resolve) => (release = resolve));
    mockIPC(async (cmd, args) => {
      const q = (args as { query: ListQuery }).query;
      if (cmd === 'checkout_page') return page(q, 5000);
      if (cmd === 'checkout_totals') {
        await totalsReady;
        return page(q, 5000).totals;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    renderList();
    await screen.findAllByTestId('checkout-row');
    const list = screen.getByTestId('checkout-list');
    expect(list).toHaveAttribute('data-ready', 'true');
    expect(list).toHaveAttribute('data-total', '100');
    expect(screen.queryByTestId('list-totals')).toBeNull();
    release!();
    await waitFor(() => expect(list).toHaveAttribute('data-total', '5000'));
    expect(screen.getByTestId('list-total-count')).toHaveTextContent('5,000');
  });

  it('shows an empty state when nothing matches', async () => {
    mockList(0);
    renderList({ filtered: true });
    expect(await screen.findByText('No checkouts match these filters')).toBeInTheDocument();
  });

  it('shows the error message when the cache cannot be read', async () => {
    mockIPC(() => {
      throw { code: 'storage', message: 'database is locked', field: null };
    });
    renderList();
    expect(await screen.findByTestId('list-error')).toHaveTextContent('database is locked');
  });
});
