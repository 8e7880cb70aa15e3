import { describe, expect, it } from 'vitest';
import { formatMinor, minorToMajor, parseMajor } from './money';

describe('parseMajor', () => {
  it('turns typed amounts into minor units without floats', () => {
    expect(parseMajor('30', 2)).toEqual({ ok: true, minor: 3000 });
    expect(parseMajor('1 234,5', 2)).toEqual({ ok: true, minor: 123450 });
    expect(parseMajor('0.10', 2)).toEqual({ ok: true, minor: 10 });
    expect(parseMajor('1.234', 3)).toEqual({ ok: true, minor: 1234 });
    expect(parseMajor('500', 0)).toEqual({ ok: true, minor: 500 });
    // 0.1 + 0.2 style float errors cannot happen: 19.99 is exactly 1999.
    expect(parseMajor('19.99', 2)).toEqual({ ok: true, minor: 1999 });
  });

  it('refuses what is not an amount, with a reason', () => {
    expect(parseMajor('', 2).ok).toBe(false);
    expect(parseMajor('abc', 2).ok).toBe(false);
    expect(parseMajor('1.2.3', 2).ok).toBe(false);
    expect(parseMajor('-5', 2).ok).toBe(false);
    expect(parseMajor('0', 2)).toEqual({ ok: false, error: 'Amount must be more than zero' });
    expect(parseMajor('1.999', 2)).toEqual({ ok: false, error: 'At most 2 decimals' });
    expect(parseMajor('1.5', 0)).toEqual({ ok: false, error: 'This currency has no decimals' });
    expect(parseMajor('99999999999999999999', 2)).toEqual({ ok: false, error: 'Amount is too large' });
  });
});

describe('minor unit display', () => {
  it('round-trips through the typed form', () => {
    expect(minorToMajor(123450, 2)).toBe('1234.50');
    expect(minorToMajor(5, 2)).toBe('0.05');
    expect(minorToMajor(500, 0)).toBe('500');
    expect(minorToMajor(1234, 3)).toBe('1.234');
  });

  it('formats with grouping and the currency code', () => {
    expect(formatMinor(123450, 'SEK', 2)).toBe('1,234.50 SEK');
    expect(formatMinor(1000000, 'JPY', 0)).toBe('1,000,000 JPY');
    expect(formatMinor(-250, 'EUR', 2)).toBe('-2.50 EUR');
  });
});
