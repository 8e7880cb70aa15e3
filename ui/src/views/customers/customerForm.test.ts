import { describe, expect, it } from 'vitest';
import { cardLabel, parseSavedCards } from './cards';
import { emailError, metadataFromRows, validateCustomer } from './customerForm';
import { writeBlockedReason } from './writeGate';
import { makeProfile } from '../../shell/testing';

describe('customer form', () => {
  it('checks e-mails like the API client', () => {
    for (const ok of ['a@b.se', 'first.last+tag@mail.example.com', 'å@ö.se']) expect(emailError(ok)).toBeNull();
    expect(emailError('')).toBe('Required');
    expect(emailError('a')).toBe('Needs exactly one @');
    expect(emailError('a@b')).toMatch(/dot after the @/);
    expect(emailError('.a@b.se')).toMatch(/dot/);
    expect(emailError('a b@c.se')).toBe('No spaces');
    expect(emailError('a@b.c')).toMatch(/top-level/);
    expect(emailError('a@-b.se')).toMatch(/domain/);
  });

  it('turns typed rows into metadata and flags bad rows', () => {
    const r = metadataFromRows([
      { key: 'tier', kind: 'text', value: 'gold' },
      { key: 'visits', kind: 'number', value: '12' },
      { key: 'vip', kind: 'bool', value: 'true' },
      { key: '', kind: 'text', value: '' },
    ]);
    expect(r).toEqual({ metadata: { tier: 'gold', visits: 12, vip: true }, rowErrors: {}, error: null });
    const bad = metadataFromRows([
      { key: 'a', kind: 'text', value: '1' },
      { key: 'a', kind: 'text', value: '2' },
      { key: '', kind: 'text', value: 'orphan' },
      { key: 'n', kind: 'number', value: '1,5' },
    ]);
    expect(bad.rowErrors).toEqual({ 1: 'This key is already used', 2: 'Enter a key', 3: 'Not a number' });
    const many = metadataFromRows(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, kind: 'text' as const, value: 'v' })));
    expect(many.error).toMatch(/At most 50 keys/);
    expect(metadataFromRows([{ key: 'big', kind: 'text', value: 'x'.repeat(6000) }]).error).toMatch(/5 KB/);
  });

  it('returns the trimmed form or every error at once', () => {
    expect(validateCustomer({ firstName: ' Ann ', lastName: 'Berg', email: ' ann@example.se ', rows: [] })).toEqual({
      ok: true,
      form: { firstName: 'Ann', lastName: 'Berg', email: 'ann@example.se', metadata: {} },
    });
    const bad = validateCustomer({ firstName: '', lastName: '', email: 'nope', rows: [{ key: '', kind: 'text', value: 'x' }] });
    expect(bad).toEqual({
      ok: false,
      errors: { firstName: 'Required', lastName: 'Required', email: 'Needs exactly one @', rows: { 0: 'Enter a key' } },
    });
  });
});

describe('saved cards', () => {
  it('reads the cached cards defensively', () => {
    const cards = parseSavedCards([
      { cardId: 'c1', brand: 'visa', last4: '4242', expiry: '12/28', isDefault: true },
      { card_id: 'c2', brand: null, last4: 1881, default: false },
      'junk',
      null,
    ]);
    expect(cards).toEqual([
      { cardId: 'c1', brand: 'visa', last4: '4242', expiry: '12/28', isDefault: true },
      { cardId: 'c2', brand: null, last4: '1881', expiry: null, isDefault: false },
    ]);
    expect(cardLabel(cards[0]!)).toBe('Visa •••• 4242, expires 12/28');
    expect(cardLabel(cards[1]!)).toBe('Card •••• 1881');
  });
});

describe('write gate', () => {
  it('blocks writes only in live mode of a read-only profile', () => {
    const ro = makeProfile({ id: 'p', name: 'Acme', guardRails: { liveReadOnly: true, liveRefundCap: null } });
    expect(writeBlockedReason(ro, 'test')).toBeNull();
    expect(writeBlockedReason(ro, 'live')).toMatch(/LIVE is read-only for Acme/);
    expect(writeBlockedReason(null, 'test')).toMatch(/profile/);
  });
});
