import { describe, expect, it } from 'vitest';
import { DeskError } from '../../lib/api/invoke';
import { exponentOf, formatAgo, isStale } from './format';
import { checkRefundAmount, reasonLabel, refundLimit } from './refund';
import { classify, performWrite, writeBlockReason } from './writes';

const now = new Date('2026-11-21T12:00:00Z');

describe('format helpers', () => {
  it('marks non-final rows not synced for 24 h as stale', () => {
    expect(isStale({ isFinal: false, lastSyncedAt: '2026-11-20T11:59:00Z' }, now)).toBe(true);
    expect(isStale({ isFinal: false, lastSyncedAt: '2026-11-20T12:30:00Z' }, now)).toBe(false);
    expect(isStale({ isFinal: true, lastSyncedAt: '2020-01-01T00:00:00Z' }, now)).toBe(false);
  });

  it('says how long ago', () => {
    expect(formatAgo('2026-11-21T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-11-21T11:15:00Z', now)).toBe('45 min ago');
    expect(formatAgo('2026-11-18T12:00:00Z', now)).toBe('3 d ago');
  });

  it('finds a currency exponent from the list or the formatted amount', () => {
    const list = [{ code: 'SEK', name: 'Krona', exponent: 2 }];
    expect(exponentOf('SEK', list)).toBe(2);
    expect(exponentOf('XAF', list, '1,500 XAF')).toBe(0);
    expect(exponentOf('BHD', list, '1.234 BHD')).toBe(3);
  });
});

describe('refund rules', () => {
  const row = { remainingRefundable: 2500, currency: 'SEK' };
  it('caps at the remaining amount, and at the live cap in live mode only', () => {
    expect(refundLimit(row, 2, false, 1000)).toEqual({ max: 2500, capNote: null });
    expect(refundLimit(row, 2, true, 1000)).toEqual({
      max: 1000,
      capNote: 'This profile caps a live refund at 10.00 SEK.',
    });
  });

  it('refuses more than the maximum', () => {
    expect(checkRefundAmount('25', 2, 2500, 'SEK')).toEqual({ ok: true, minor: 2500 });
    expect(checkRefundAmount('25.01', 2, 2500, 'SEK')).toEqual({
      ok: false,
      error: 'At most 25.00 SEK can be refunded',
    });
    expect(checkRefundAmount('0', 2, 2500, 'SEK').ok).toBe(false);
  });

  it('labels both spellings of fraud', () => {
    expect(reasonLabel('fraudolent')).toBe('Fraudulent');
    expect(reasonLabel('requested_by_customer')).toBe('Requested by customer');
    expect(reasonLabel(null)).toBe('No reason given');
  });
});

describe('writes', () => {
  it('tells outcome unknown, offline and refused apart', () => {
    expect(classify(new DeskError({ code: 'outcome_unknown', message: 'm', field: null })).kind).toBe('unknown');
    expect(classify(new DeskError({ code: 'offline', message: 'refused', field: null }))).toEqual({
      kind: 'offline',
      message: 'refused',
    });
    expect(classify(new DeskError({ code: 'invalid_input', message: 'bad', field: 'amount' }))).toMatchObject({
      kind: 'failed',
      field: 'amount',
    });
  });

  it('reports reachability after every network write', async () => {
    const seen: unknown[] = [];
    await performWrite(async () => 1, (e) => seen.push(e));
    const err = new DeskError({ code: 'offline', message: 'x', field: null });
    await performWrite(async () => Promise.reject(err), (e) => seen.push(e));
    expect(seen).toEqual([null, err]);
  });

  it('explains why writes are off', () => {
    const scope = { profile: 'p', mode: 'live' as const };
    const profile = {
      id: 'p',
      name: 'Shop',
      color: '#000000',
      baseUrl: 'https://api.example',
      guardRails: { liveReadOnly: true, liveRefundCap: null },
      isSandbox: false,
      createdAt: '',
      updatedAt: '',
    };
    const ctx = { scope, offline: false, isLive: true, profile };
    expect(writeBlockReason(ctx)).toMatch(/read-only/);
    expect(writeBlockReason({ ...ctx, offline: true })).toMatch(/^Offline/);
    expect(writeBlockReason({ ...ctx, profile: null }, { profileId: 'p', mode: 'test' })).toMatch(/test-mode checkout/);
    expect(writeBlockReason({ ...ctx, scope: null })).toBe('No profile is selected.');
  });
});
