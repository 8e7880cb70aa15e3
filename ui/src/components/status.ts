/**
 * The documented checkout statuses in their wire spelling (note the space in
 * `reserve released` and the camel case of `partialRefund`), with the words the UI shows
 * and the tone of their badge. A status outside this list is shown verbatim, neutrally.
 */
export type StatusTone = 'info' | 'ok' | 'warn' | 'danger' | 'muted' | 'neutral';

export interface StatusInfo {
  wire: string;
  label: string;
  tone: StatusTone;
  known: boolean;
}

const KNOWN: ReadonlyArray<Omit<StatusInfo, 'known'>> = [
  { wire: 'created', label: 'Created', tone: 'info' },
  { wire: 'reserved', label: 'Reserved', tone: 'warn' },
  { wire: 'reserve released', label: 'Reserve released', tone: 'muted' },
  { wire: 'paid', label: 'Paid', tone: 'ok' },
  { wire: 'partialRefund', label: 'Partially refunded', tone: 'warn' },
  { wire: 'refunded', label: 'Refunded', tone: 'muted' },
  { wire: 'revoked', label: 'Revoked', tone: 'danger' },
  { wire: 'failed', label: 'Failed', tone: 'danger' },
  { wire: 'canceled', label: 'Canceled', tone: 'muted' },
];

export const KNOWN_STATUSES: readonly string[] = KNOWN.map((s) => s.wire);

export function statusInfo(wire: string): StatusInfo {
  const known = KNOWN.find((s) => s.wire === wire);
  if (known) return { ...known, known: true };
  return { wire, label: wire, tone: 'neutral', known: false };
}
