import { describe, expect, it } from 'vitest';
import { checkRows, newRow, rowsFrom, toChange, MAX_BYTES } from './metadata';

describe('metadata rows', () => {
  it('reads scalars with their types, keys sorted', () => {
    const rows = rowsFrom({ vip: true, order: '1001', n: 3 });
    expect(rows.map((r) => [r.key, r.type, r.value])).toEqual([
      ['n', 'number', '3'],
      ['order', 'text', '1001'],
      ['vip', 'boolean', 'true'],
    ]);
  });

  it('derives set and remove from edits, additions, deletions and clears', () => {
    const original = { order: '1001', vip: true, note: 'x', old: 'y' };
    const rows = rowsFrom(original);
    const byKey = (k: string) => rows.find((r) => r.originalKey === k)!;
    byKey('order').value = '1002';
    byKey('vip').deleted = true;
    byKey('note').value = ''; // clearing an existing value deletes it
    const added = { ...newRow(), key: 'n', type: 'number' as const, value: '42' };
    const check = checkRows(original, [...rows, added]);
    expect(check.rowErrors.size).toBe(0);
    expect(check.change).toEqual({ set: { order: '1002', n: 42 }, remove: ['note', 'vip'] });
    expect(check.result).toEqual({ order: '1002', old: 'y', n: 42 });
    expect(toChange('c1', check)).toEqual({ checkoutId: 'c1', set: { order: '1002', n: 42 }, remove: ['note', 'vip'] });
  });

  it('treats a rename as removing the old key and setting the new one', () => {
    const rows = rowsFrom({ ordr: '1' });
    rows[0]!.key = 'order';
    expect(checkRows({ ordr: '1' }, rows).change).toEqual({ set: { order: '1' }, remove: ['ordr'] });
  });

  it('finds nothing to send when nothing changed', () => {
    expect(checkRows({ a: 1 }, rowsFrom({ a: 1 })).empty).toBe(true);
  });

  it('flags empty and duplicate keys, empty new values and bad numbers per row', () => {
    const a = { ...newRow(), key: ' ', value: 'x' };
    const b = { ...newRow(), key: 'k', value: 'v' };
    const c = { ...newRow(), key: 'k', value: 'w' };
    const d = { ...newRow(), key: 'e', value: '' };
    const f = { ...newRow(), key: 'num', type: 'number' as const, value: '12abc' };
    const check = checkRows({}, [a, b, c, d, f]);
    expect(check.rowErrors.get(a.uid)).toBe('Key must not be empty');
    expect(check.rowErrors.has(b.uid)).toBe(false);
    expect(check.rowErrors.get(c.uid)).toBe('Key "k" is used twice');
    expect(check.rowErrors.get(d.uid)).toMatch(/empty value would delete/);
    expect(check.rowErrors.get(f.uid)).toBe('Not a number');
  });

  it('counts keys and bytes of the resulting metadata against the limits', () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    const extra = { ...newRow(), key: 'k50', value: 'x' };
    const tooMany = checkRows(fifty, [...rowsFrom(fifty), extra]);
    expect(tooMany.keyCount).toBe(51);
    expect(tooMany.errors).toEqual(['51 keys: at most 50 are allowed']);

    // {"k":"…"} is 8 bytes around the value, as the server measures it.
    const fits = checkRows({}, [{ ...newRow(), key: 'k', value: 'x'.repeat(MAX_BYTES - 8) }]);
    expect(fits.bytes).toBe(MAX_BYTES);
    expect(fits.errors).toEqual([]);
    const over = checkRows({}, [{ ...newRow(), key: 'k', value: 'é'.repeat(2600) }]);
    expect(over.errors[0]).toMatch(/^5208 bytes as JSON/);
  });
});
