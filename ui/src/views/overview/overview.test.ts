import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import type { Overview } from '../../lib/bindings/Overview';
import { nav } from '../../lib/nav.svelte';
import { session } from '../../lib/session.svelte';
import { filtersFrom } from '../checkouts/query';
import { CURRENCIES, profile } from '../checkouts/testData';
import { byCurrency, filterFor, overviewQuery, percent, type Range } from './overview';
import OverviewView from './OverviewView.svelte';
import { usableLanguage } from './uplot';

// jsdom has no canvas: the chart library is replaced by a recorder of what it was asked
// to draw, and clicks on its overlay pick the bar in `cursor.idx`.
const charts = vi.hoisted(() => [] as { data: number[][]; over: HTMLDivElement; cursor: { idx: number | null } }[]);
vi.mock('uplot', () => {
  class FakePlot {
    data: number[][];
    over = document.createElement('div');
    cursor: { idx: number | null } = { idx: null };
    constructor(_opts: unknown, data: number[][], target: HTMLElement) {
      this.data = data;
      target.appendChild(this.over);
      charts.push(this);
    }
    destroy() {
      this.over.remove();
    }
    static paths = { bars: () => null };
  }
  return { default: FakePlot };
});

const OVERVIEW: Overview = {
  volumeByDay: [
    { day: '2026-11-01', currency: 'EUR', count: 1, amount: 900, charged: 900, chargedFormatted: '9.00 EUR' },
    { day: '2026-11-01', currency: 'SEK', count: 3, amount: 4500, charged: 4000, chargedFormatted: '40.00 SEK' },
    { day: '2026-11-02', currency: 'SEK', count: 2, amount: 4100, charged: 0, chargedFormatted: '0.00 SEK' },
  ],
  byStatus: [
    { status: 'paid', count: 2 },
    { status: 'reserved', count: 1 },
  ],
  refunds: [
    { currency: 'EUR', count: 1, refunded: 2000, charged: 2900, shareBp: 6896, refundedFormatted: '20.00 EUR' },
  ],
  refundReasons: [{ reason: 'requested_by_customer', currency: 'EUR', count: 1, amount: 1500, amountFormatted: '15.00 EUR' }],
  capture: { captured: 1, released: 1, reserved: 1, rateBp: 3333 },
  topCustomers: [{ customerId: 'cusB', currency: 'EUR', count: 2, amount: 2900, amountFormatted: '29.00 EUR' }],
};

const range30: Range = { preset: '30d', customFrom: '', customTo: '' };

describe('overview logic', () => {
  it('builds the list query of the range and the list filter of each element', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const q = overviewQuery({ profile: 'p1', mode: 'test' }, range30, now);
    expect(q.ok && q.query).toMatchObject({ profileId: 'p1', mode: 'test', createdFrom: '2026-10-22T12:00:00.000Z', createdTo: null, statuses: [] });
    const bad = overviewQuery({ profile: 'p1', mode: 'test' }, { preset: 'custom', customFrom: '2026-11-05', customTo: '2026-11-01' }, now);
    expect(bad).toEqual({ ok: false, error: 'Ends before it starts' });

    expect(filterFor(range30, { kind: 'status', status: 'reserved' })).toEqual({ datePreset: '30d', statuses: ['reserved'] });
    expect(filterFor(range30, { kind: 'day', day: '2026-11-02', currency: 'SEK' })).toEqual({
      datePreset: 'custom',
      customFrom: '2026-11-02',
      customTo: '2026-11-02',
      currency: 'SEK',
    });
    const custom: Range = { preset: 'custom', customFrom: '2026-11-01', customTo: '2026-11-10' };
    expect(filterFor(custom, { kind: 'customer', customerId: 'cusB', currency: 'EUR' })).toEqual({
      datePreset: 'custom',
      customFrom: '2026-11-01',
      customTo: '2026-11-10',
      statuses: ['paid', 'partialRefund', 'refunded'],
      customer: 'cusB',
      currency: 'EUR',
    });
    // The list turns the request into its own filters, everything else cleared.
    expect(filtersFrom(filterFor(range30, { kind: 'refunds', currency: 'EUR' }))).toMatchObject({
      datePreset: '30d',
      statuses: ['partialRefund', 'refunded'],
      currency: 'EUR',
      customer: '',
      search: '',
    });
  });

  it('tells a language tag Intl can use from a POSIX locale', () => {
    expect(usableLanguage('en-US')).toBe(true);
    expect(usableLanguage('C')).toBe(false);
  });

  it('formats basis points and keeps currencies apart', () => {
    expect(percent(6896)).toBe('68.96 %');
    expect(percent(1250)).toBe('12.50 %');
    expect(percent(5)).toBe('0.05 %');
    expect(percent(null)).toBe('—');
    const split = byCurrency(OVERVIEW.volumeByDay);
    expect([...split.keys()]).toEqual(['EUR', 'SEK']);
    expect(split.get('SEK')!.map((d) => d.day)).toEqual(['2026-11-01', '2026-11-02']);
  });
});

describe('OverviewView', () => {
  let queries: ListQuery[];
  beforeEach(() => {
    charts.length = 0;
    queries = [];
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
    nav.view = 'overview';
    nav.checkoutsFilter = null;
    mockIPC((cmd, args) => {
      if (cmd === 'overview') {
        queries.push((args as { query: ListQuery }).query);
        return OVERVIEW;
      }
      if (cmd === 'currencies') return CURRENCIES;
      if (cmd === 'reserve_radar') return [];
      throw new Error(`unexpected command ${cmd}`);
    });
  });
  afterEach(() => clearMocks());

  it('shows the numbers of each chart for the scope and range', async () => {
    render(OverviewView);
    const volume = await screen.findByTestId('chart-volume');
    expect(queries[0]).toMatchObject({ profileId: 'p1', mode: 'test' });
    expect(within(volume).getByText('40.00 SEK')).toBeInTheDocument();
    expect(within(volume).getByText('9.00 EUR')).toBeInTheDocument();
    expect(screen.getAllByTestId('status-count').map((e) => e.textContent)).toEqual(['2', '1']);
    expect(screen.getByTestId('refund-share')).toHaveTextContent('68.96 %');
    expect(screen.getByTestId('chart-refunds')).toHaveTextContent('requested by customer');
    expect(screen.getByTestId('capture-rate')).toHaveTextContent('33.33 %');
    expect(screen.getByTestId('chart-customers')).toHaveTextContent('29.00 EUR');
    // One chart per currency (never summed) plus the status chart, drawn with the counts.
    await waitFor(() => expect(charts).toHaveLength(3));
    expect(charts[2]!.data[1]).toEqual([2, 1]);
    expect(charts[1]!.data[1]).toEqual([40, 0]);

    await fireEvent.change(screen.getByTestId('overview-preset'), { target: { value: 'all' } });
    await waitFor(() => expect(queries[queries.length - 1]).toMatchObject({ createdFrom: null, createdTo: null }));
  });

  it('a click on a bar or its table row opens the list with that filter', async () => {
    render(OverviewView);
    await screen.findByTestId('chart-status');
    await waitFor(() => expect(charts).toHaveLength(3));
    const statusChart = charts[2]!;
    statusChart.cursor.idx = 1;
    await fireEvent.click(statusChart.over);
    expect(nav.view).toBe('checkouts');
    expect(nav.checkoutsFilter).toEqual({ datePreset: '30d', statuses: ['reserved'] });

    nav.view = 'overview';
    const sekDay = screen.getAllByTestId('volume-row').find((r) => r.dataset.day === '2026-11-02')!;
    await fireEvent.click(within(sekDay).getByRole('button'));
    expect(nav.checkoutsFilter).toEqual({ datePreset: 'custom', customFrom: '2026-11-02', customTo: '2026-11-02', currency: 'SEK' });
    expect(nav.takeCheckoutsFilter()).not.toBeNull();
    expect(nav.checkoutsFilter).toBeNull();
  });
});
