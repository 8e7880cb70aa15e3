/**
 * The reserve-ageing radar's plain rules: the threshold (kept in localStorage: it is a
 * preference, not a secret), which reservations are over it, and "notify once per
 * checkout per session".
 */
import type { ReservedCheckout } from './bindings/ReservedCheckout';

export const DEFAULT_THRESHOLD_DAYS = 5;
export const THRESHOLD_KEY = 'npdesk.radar.thresholdDays';
export const MAX_THRESHOLD_DAYS = 365;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** A whole number of days in 1..=365, or null. */
export function parseThreshold(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_THRESHOLD_DAYS ? n : null;
}

export function loadThreshold(storage: Store | null): number {
  const saved = storage?.getItem(THRESHOLD_KEY);
  return (saved != null ? parseThreshold(saved) : null) ?? DEFAULT_THRESHOLD_DAYS;
}

export function saveThreshold(storage: Store | null, days: number): void {
  storage?.setItem(THRESHOLD_KEY, String(days));
}

export function isOver(row: Pick<ReservedCheckout, 'ageHours'>, days: number): boolean {
  return row.ageHours >= days * 24;
}

export function overCount(rows: readonly Pick<ReservedCheckout, 'ageHours'>[], days: number): number {
  return rows.filter((r) => isOver(r, days)).length;
}

/** Remembers, for the session, which checkouts were already announced. */
export class NotifyOnce {
  private readonly seen = new Set<string>();

  /**
   * The rows of `partition` over the threshold that were not announced before; they count
   * as announced from now on.
   */
  take<T extends Pick<ReservedCheckout, 'id' | 'ageHours'>>(partition: string, rows: readonly T[], days: number): T[] {
    const fresh = rows.filter((r) => isOver(r, days) && !this.seen.has(`${partition}/${r.id}`));
    for (const r of fresh) this.seen.add(`${partition}/${r.id}`);
    return fresh;
  }
}

/** The notification's text for newly crossed checkouts. */
export function notificationText(rows: readonly Pick<ReservedCheckout, 'identifier' | 'id' | 'amountFormatted'>[], days: number) {
  const title = rows.length === 1 ? 'A reservation is getting old' : `${rows.length} reservations are getting old`;
  const first = rows[0];
  const name = first ? (first.identifier ?? first.id) : '';
  const body =
    rows.length === 1
      ? `${name} (${first?.amountFormatted ?? ''}) has been reserved for over ${days} days: capture or release it.`
      : `${name} and ${rows.length - 1} more have been reserved for over ${days} days.`;
  return { title, body };
}
