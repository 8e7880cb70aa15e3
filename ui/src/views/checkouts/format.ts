/** Small display helpers for checkout rows. Times arrive as RFC 3339 UTC strings. */
import type { CheckoutRow } from '../../lib/bindings/CheckoutRow';
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';
import { STALE_HOURS } from './query';

const HOUR_MS = 60 * 60 * 1000;

/** `2026-11-21 10:05` in the user's time zone; the input verbatim if it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const minutes = Math.floor((now.getTime() - t) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** A checkout that can still change but whose cached state is older than a day. */
export function isStale(row: Pick<CheckoutRow, 'isFinal' | 'lastSyncedAt'>, now: Date): boolean {
  if (row.isFinal) return false;
  const t = new Date(row.lastSyncedAt).getTime();
  if (Number.isNaN(t)) return true;
  return now.getTime() - t >= STALE_HOURS * HOUR_MS;
}

/**
 * Decimal places of a currency: from the desk's list, else read off a server-formatted
 * amount (`30.00 SEK` → 2, `500 JPY` → 0), so an uncommon currency still converts exactly.
 */
export function exponentOf(currency: string, currencies: readonly CurrencyInfo[], formatted?: string): number {
  const known = currencies.find((c) => c.code === currency);
  if (known) return known.exponent;
  const m = formatted ? /^-?[\d,]+(?:\.(\d+))?\s/.exec(formatted) : null;
  if (m) return m[1]?.length ?? 0;
  return 2;
}
