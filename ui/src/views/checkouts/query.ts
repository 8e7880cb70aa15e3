/**
 * The list's filter form as plain values, and its translation into a `ListQuery`. Amounts
 * are typed in major units of the chosen currency and converted with integer arithmetic;
 * dates are the user's local days, sent as UTC instants.
 */
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import type { Scope } from '../../lib/bindings/Scope';
import type { SortColumn } from '../../lib/bindings/SortColumn';
import type { SortDirection } from '../../lib/bindings/SortDirection';
import { parseMajor } from '../../lib/money';
import type { CheckoutsFilter } from '../../lib/nav.svelte';

export type DatePreset = 'today' | '7d' | '30d' | '90d' | 'all' | 'custom';

export const DATE_PRESETS: ReadonlyArray<{ value: DatePreset; label: string }> = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom range' },
];

export interface Filters {
  /** Wire spellings; empty = any status. */
  statuses: string[];
  datePreset: DatePreset;
  /** `YYYY-MM-DD`, local days, both inclusive. */
  customFrom: string;
  customTo: string;
  /** ISO code or '' for any. */
  currency: string;
  /** Major units of `currency`, as typed. */
  amountMin: string;
  amountMax: string;
  customer: string;
  search: string;
  /** Only non-final checkouts not synced for `STALE_HOURS`. */
  staleOnly: boolean;
}

export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}

/** A non-final checkout not synced for this long is marked stale. */
export const STALE_HOURS = 24;

export function emptyFilters(): Filters {
  return {
    statuses: [],
    datePreset: 'all',
    customFrom: '',
    customTo: '',
    currency: '',
    amountMin: '',
    amountMax: '',
    customer: '',
    search: '',
    staleOnly: false,
  };
}

/** The list's filters from another view's request (unset fields stay empty). */
export function filtersFrom(f: CheckoutsFilter): Filters {
  const custom = f.customFrom !== undefined || f.customTo !== undefined;
  return {
    ...emptyFilters(),
    statuses: f.statuses ? [...f.statuses] : [],
    currency: f.currency ?? '',
    customer: f.customer ?? '',
    datePreset: f.datePreset ?? (custom ? 'custom' : 'all'),
    customFrom: f.customFrom ?? '',
    customTo: f.customTo ?? '',
  };
}

export const DEFAULT_SORT: Sort = { column: 'createdAt', direction: 'desc' };

/** Columns whose natural first order is newest/largest first. */
const DESC_FIRST: ReadonlySet<SortColumn> = new Set<SortColumn>([
  'createdAt',
  'updatedAt',
  'lastSyncedAt',
  'amount',
  'refunded',
]);

/** Clicking a header: the same column flips direction, another starts in its natural one. */
export function toggleSort(current: Sort, column: SortColumn): Sort {
  if (current.column === column) {
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { column, direction: DESC_FIRST.has(column) ? 'desc' : 'asc' };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function localDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface DateRange {
  from: string | null;
  to: string | null;
}

/** The created-at range of a preset: `from` inclusive, `to` exclusive, UTC instants. */
export function dateRange(
  filters: Pick<Filters, 'datePreset' | 'customFrom' | 'customTo'>,
  now: Date,
): { ok: true; range: DateRange } | { ok: false; field: 'customFrom' | 'customTo'; error: string } {
  const days = (n: number) => new Date(now.getTime() - n * DAY_MS).toISOString();
  switch (filters.datePreset) {
    case 'all':
      return { ok: true, range: { from: null, to: null } };
    case 'today': {
      const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
      return { ok: true, range: { from: midnight.toISOString(), to: null } };
    }
    case '7d':
      return { ok: true, range: { from: days(7), to: null } };
    case '30d':
      return { ok: true, range: { from: days(30), to: null } };
    case '90d':
      return { ok: true, range: { from: days(90), to: null } };
    case 'custom': {
      const from = filters.customFrom ? localDay(filters.customFrom) : null;
      const to = filters.customTo ? localDay(filters.customTo) : null;
      if (filters.customFrom && !from) return { ok: false, field: 'customFrom', error: 'Not a date' };
      if (filters.customTo && !to) return { ok: false, field: 'customTo', error: 'Not a date' };
      if (from && to && from > to) return { ok: false, field: 'customTo', error: 'Ends before it starts' };
      // The last day is inclusive: the range ends at the next local midnight.
      const end = to ? new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1) : null;
      return { ok: true, range: { from: from?.toISOString() ?? null, to: end?.toISOString() ?? null } };
    }
  }
}

export type FilterErrors = Partial<Record<'customFrom' | 'customTo' | 'amountMin' | 'amountMax', string>>;

export type BuiltQuery = { ok: true; query: ListQuery } | { ok: false; errors: FilterErrors };

function blank(text: string): string | null {
  const t = text.trim();
  return t === '' ? null : t;
}

/**
 * The query for the list (first page; the list sets `offset`/`limit` per page). Invalid
 * filter input is reported per field and produces no query, so the list keeps showing the
 * last valid one instead of silently dropping a filter.
 */
export function buildListQuery(
  scope: Scope,
  filters: Filters,
  sort: Sort,
  currencies: readonly CurrencyInfo[],
  now: Date,
): BuiltQuery {
  const errors: FilterErrors = {};
  const dates = dateRange(filters, now);
  if (!dates.ok) errors[dates.field] = dates.error;

  let amountMin: number | null = null;
  let amountMax: number | null = null;
  const currency = blank(filters.currency);
  const wantsAmount = blank(filters.amountMin) !== null || blank(filters.amountMax) !== null;
  if (wantsAmount) {
    const info = currency ? currencies.find((c) => c.code === currency) : undefined;
    if (!info) {
      errors.amountMin = 'Pick a currency to filter by amount';
    } else {
      if (blank(filters.amountMin) !== null) {
        const r = parseMajor(filters.amountMin, info.exponent);
        if (r.ok) amountMin = r.minor;
        else errors.amountMin = r.error;
      }
      if (blank(filters.amountMax) !== null) {
        const r = parseMajor(filters.amountMax, info.exponent);
        if (r.ok) amountMax = r.minor;
        else errors.amountMax = r.error;
      }
      if (amountMin !== null && amountMax !== null && amountMin > amountMax) {
        errors.amountMax = 'Smaller than the minimum';
      }
    }
  }
  if (Object.keys(errors).length > 0 || !dates.ok) return { ok: false, errors };

  return {
    ok: true,
    query: {
      profileId: scope.profile,
      mode: scope.mode,
      statuses: [...filters.statuses],
      createdFrom: dates.range.from,
      createdTo: dates.range.to,
      currency,
      amountMin,
      amountMax,
      customerId: blank(filters.customer),
      search: blank(filters.search),
      staleHours: filters.staleOnly ? STALE_HOURS : null,
      sort: sort.column,
      direction: sort.direction,
      limit: 100,
      offset: 0,
      after: null,
    },
  };
}
