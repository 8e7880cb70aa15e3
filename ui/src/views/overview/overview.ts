/**
 * The overview's plain logic: its query (the list's, so a chart and the list it opens
 * agree), the list filter behind each clickable chart element, and number formatting.
 */
import type { DayVolume } from '../../lib/bindings/DayVolume';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import type { Scope } from '../../lib/bindings/Scope';
import type { CheckoutsFilter } from '../../lib/nav.svelte';
import { buildListQuery, DEFAULT_SORT, emptyFilters, type DatePreset } from '../checkouts/query';

export interface Range {
  preset: DatePreset;
  /** `YYYY-MM-DD`, local days, inclusive; used with the `custom` preset. */
  customFrom: string;
  customTo: string;
}

export const DEFAULT_RANGE: Range = { preset: '30d', customFrom: '', customTo: '' };

export const CHARGED_STATUSES = ['paid', 'partialRefund', 'refunded'] as const;
export const REFUNDED_STATUSES = ['partialRefund', 'refunded'] as const;

export type OverviewQuery = { ok: true; query: ListQuery } | { ok: false; error: string };

/** The list's query for the range, with no other filter. */
export function overviewQuery(scope: Scope, range: Range, now: Date): OverviewQuery {
  const filters = { ...emptyFilters(), datePreset: range.preset, customFrom: range.customFrom, customTo: range.customTo };
  const built = buildListQuery(scope, filters, DEFAULT_SORT, [], now);
  if (built.ok) return { ok: true, query: built.query };
  return { ok: false, error: Object.values(built.errors)[0] ?? 'Invalid range' };
}

function rangeFilter(range: Range): CheckoutsFilter {
  return range.preset === 'custom'
    ? { datePreset: 'custom', customFrom: range.customFrom, customTo: range.customTo }
    : { datePreset: range.preset };
}

/** What a clicked chart element shows in the list. */
export type Pick =
  | { kind: 'status'; status: string }
  | { kind: 'day'; day: string; currency: string }
  | { kind: 'refunds'; currency: string }
  | { kind: 'customer'; customerId: string; currency: string }
  | { kind: 'reserved' };

export function filterFor(range: Range, pick: Pick): CheckoutsFilter {
  switch (pick.kind) {
    case 'status':
      return { ...rangeFilter(range), statuses: [pick.status] };
    case 'day':
      // One day, whatever the overview's range: the bar is that day.
      return { datePreset: 'custom', customFrom: pick.day, customTo: pick.day, currency: pick.currency };
    case 'refunds':
      return { ...rangeFilter(range), statuses: [...REFUNDED_STATUSES], currency: pick.currency };
    case 'customer':
      return { ...rangeFilter(range), statuses: [...CHARGED_STATUSES], customer: pick.customerId, currency: pick.currency };
    case 'reserved':
      return { ...rangeFilter(range), statuses: ['reserved'] };
  }
}

/** Basis points as a percentage with two decimals (`6896` → `68.96 %`); `—` for none. */
export function percent(bp: number | null): string {
  if (bp === null) return '—';
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')} %`;
}

/** Day volumes split by currency (amounts of different currencies are never added). */
export function byCurrency(days: readonly DayVolume[]): Map<string, DayVolume[]> {
  const out = new Map<string, DayVolume[]>();
  for (const d of days) {
    const list = out.get(d.currency) ?? [];
    list.push(d);
    out.set(d.currency, list);
  }
  return out;
}

/** Minor units to a number for drawing only (displayed amounts come formatted from Rust). */
export function drawable(minor: number, exponent: number): number {
  return minor / 10 ** exponent;
}
