import { describe, expect, it } from 'vitest';
import { actionLabel, EMPTY_FILTER, exportFileName, localDayStart, toAuditFilter } from './auditFilter';

const scope = { profile: 'acme', mode: 'live' as const };

describe('audit filter', () => {
  it('narrows to the current profile and mode by default', () => {
    expect(toAuditFilter(EMPTY_FILTER, scope)).toEqual({
      ok: true,
      filter: { profileId: 'acme', mode: 'live', action: null, since: null, until: null, outcome: null, beforeSeq: null, limit: null },
    });
  });

  it('widens to both modes or all profiles', () => {
    const both = toAuditFilter({ ...EMPTY_FILTER, scope: 'profile' }, scope);
    expect(both.ok && both.filter.profileId === 'acme' && both.filter.mode === null).toBe(true);
    const all = toAuditFilter({ ...EMPTY_FILTER, scope: 'all' }, scope);
    expect(all.ok && all.filter.profileId === null && all.filter.mode === null).toBe(true);
  });

  it('makes the "to" day inclusive and checks the order', () => {
    const r = toAuditFilter({ ...EMPTY_FILTER, since: '2026-11-01', until: '2026-11-21', action: 'checkout_refunded', outcome: 'failure' }, scope);
    if (!r.ok) throw new Error(r.error);
    expect(r.filter.since).toBe(new Date(2026, 10, 1).toISOString());
    expect(r.filter.until).toBe(new Date(2026, 10, 22).toISOString());
    expect(r.filter.action).toBe('checkout_refunded');
    expect(r.filter.outcome).toBe('failure');
    expect(toAuditFilter({ ...EMPTY_FILTER, since: '2026-11-22', until: '2026-11-21' }, scope)).toEqual({
      ok: false,
      error: '"From" must be on or before "to"',
    });
    // The same day in both is one whole day.
    expect(toAuditFilter({ ...EMPTY_FILTER, since: '2026-11-21', until: '2026-11-21' }, scope).ok).toBe(true);
    expect(localDayStart('21/11/2026')).toBeNull();
  });

  it('names actions and export files readably', () => {
    expect(actionLabel('checkout_metadata_updated')).toBe('Checkout metadata updated');
    expect(exportFileName(new Date(2026, 0, 5))).toBe('neuropay-audit-2026-01-05.csv');
  });
});
