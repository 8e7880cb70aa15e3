import { describe, expect, it } from 'vitest';
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';
import { buildListQuery, dateRange, emptyFilters, toggleSort, type Filters } from './query';

const scope = { profile: 'p1', mode: 'test' as const };
const currencies: CurrencyInfo[] = [
  { code: 'SEK', name: 'Swedish krona', exponent: 2 },
  { code: 'JPY', name: 'Yen', exponent: 0 },
];
const now = new Date(2026, 10, 21, 15, 30);
const filters = (over: Partial<Filters>): Filters => ({ ...emptyFilters(), ...over });

describe('dateRange', () => {
  it('turns presets into UTC instants', () => {
    expect(dateRange(filters({ datePreset: 'all' }), now)).toEqual({ ok: true, range: { from: null, to: null } });
    expect(dateRange(filters({ datePreset: 'today' }), now)).toEqual({
      ok: true,
      range: { from: new Date(2026, 10, 21).toISOString(), to: null },
    });
    expect(dateRange(filters({ datePreset: '7d' }), now)).toEqual({
      ok: true,
      range: { from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), to: null },
    });
  });

  it('makes the last day of a custom range inclusive', () => {
    const r = dateRange(filters({ datePreset: 'custom', customFrom: '2026-11-01', customTo: '2026-11-03' }), now);
    expect(r).toEqual({
      ok: true,
      range: { from: new Date(2026, 10, 1).toISOString(), to: new Date(2026, 10, 4).toISOString() },
    });
  });

  it('refuses a range that ends before it starts', () => {
    const r = dateRange(filters({ datePreset: 'custom', customFrom: '2026-11-03', customTo: '2026-11-01' }), now);
    expect(r).toEqual({ ok: false, field: 'customTo', error: 'Ends before it starts' });
  });
});

describe('buildListQuery', () => {
  it('converts the amount range with the currency exponent', () => {
    const built = buildListQuery(
      scope,
      filters({ currency: 'SEK', amountMin: '10', amountMax: '1 234,5', statuses: ['paid', 'reserve released'] }),
      { column: 'amount', direction: 'asc' },
      currencies,
      now,
    );
    expect(built.ok && built.query).toMatchObject({
      profileId: 'p1',
      mode: 'test',
      statuses: ['paid', 'reserve released'],
      currency: 'SEK',
      amountMin: 1000,
      amountMax: 123450,
      sort: 'amount',
      direction: 'asc',
      offset: 0,
      after: null,
    });
    const yen = buildListQuery(scope, filters({ currency: 'JPY', amountMin: '500' }), toggleSort({ column: 'id', direction: 'asc' }, 'id'), currencies, now);
    expect(yen.ok && yen.query.amountMin).toBe(500);
  });

  it('reports bad amounts per field instead of dropping them', () => {
    expect(buildListQuery(scope, filters({ amountMin: '5' }), { column: 'id', direction: 'asc' }, currencies, now)).toEqual({
      ok: false,
      errors: { amountMin: 'Pick a currency to filter by amount' },
    });
    const bad = buildListQuery(scope, filters({ currency: 'JPY', amountMin: '5.5', amountMax: '3' }), { column: 'id', direction: 'asc' }, currencies, now);
    expect(bad).toEqual({ ok: false, errors: { amountMin: 'This currency has no decimals' } });
    const inverted = buildListQuery(scope, filters({ currency: 'SEK', amountMin: '9', amountMax: '3' }), { column: 'id', direction: 'asc' }, currencies, now);
    expect(inverted).toEqual({ ok: false, errors: { amountMax: 'Smaller than the minimum' } });
  });

  it('trims text filters and maps "stale only" to staleHours', () => {
    const built = buildListQuery(
      scope,
      filters({ search: '  order:1001 ', customer: ' ', staleOnly: true }),
      { column: 'createdAt', direction: 'desc' },
      currencies,
      now,
    );
    expect(built.ok && built.query).toMatchObject({ search: 'order:1001', customerId: null, staleHours: 24 });
  });
});

describe('toggleSort', () => {
  it('flips the same column and starts others in their natural order', () => {
    expect(toggleSort({ column: 'amount', direction: 'desc' }, 'amount')).toEqual({ column: 'amount', direction: 'asc' });
    expect(toggleSort({ column: 'amount', direction: 'asc' }, 'identifier')).toEqual({ column: 'identifier', direction: 'asc' });
    expect(toggleSort({ column: 'id', direction: 'asc' }, 'lastSyncedAt')).toEqual({ column: 'lastSyncedAt', direction: 'desc' });
  });
});
