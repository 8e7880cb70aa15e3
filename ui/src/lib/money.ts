/**
 * Amounts travel in minor units (3000 = 30.00 SEK). These convert what a person types to
 * minor units and back with integer arithmetic only: no float ever touches money.
 */

export type ParseResult = { ok: true; minor: number } | { ok: false; error: string };

/** "1 234,50" / "1234.5" / "30" with exponent 2 → 123450 / 123450 / 3000. */
export function parseMajor(text: string, exponent: number): ParseResult {
  const cleaned = text.trim().replace(/[\s\u00a0']/g, '');
  if (cleaned === '') return { ok: false, error: 'Enter an amount' };
  const match = /^(\d+)(?:[.,](\d*))?$/.exec(cleaned);
  if (!match) return { ok: false, error: 'Use digits and at most one decimal separator' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return {
      ok: false,
      error: exponent === 0 ? 'This currency has no decimals' : `At most ${exponent} decimals`,
    };
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) return { ok: false, error: 'Amount is too large' };
  if (minor <= 0) return { ok: false, error: 'Amount must be more than zero' };
  return { ok: true, minor };
}

/** 123450, exponent 2 → "1234.50" (no grouping: the value a person would type back). */
export function minorToMajor(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** 123450 SEK → "1,234.50 SEK" for display. */
export function formatMinor(minor: number, currency: string, exponent: number): string {
  const major = minorToMajor(minor, exponent);
  const [whole = '0', fraction] = major.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''} ${currency}`;
}
