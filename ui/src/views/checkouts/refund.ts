/** The refund dialog's rules: what may be refunded, and how a typed amount is read. */
import type { CheckoutRow } from '../../lib/bindings/CheckoutRow';
import { formatMinor, parseMajor } from '../../lib/money';

/** The UI's words and the values `RefundForm.reason` takes (desk-core sends `fraudolent`). */
export const REFUND_REASONS = [
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'fraudulent', label: 'Fraudulent' },
] as const;

export type RefundReasonValue = (typeof REFUND_REASONS)[number]['value'];

export function reasonLabel(value: string | null | undefined): string {
  if (!value) return 'No reason given';
  // The API's spelling of fraud may come back from the server.
  if (value === 'fraudolent') return 'Fraudulent';
  return REFUND_REASONS.find((r) => r.value === value)?.label ?? value;
}

export interface RefundLimit {
  /** Largest amount this dialog lets through, minor units. */
  max: number;
  /** Why `max` is below the remaining refundable amount, if it is. */
  capNote: string | null;
}

/** Remaining refundable, lowered to the profile's live refund cap in live mode. */
export function refundLimit(
  row: Pick<CheckoutRow, 'remainingRefundable' | 'currency'>,
  exponent: number,
  live: boolean,
  liveCap: number | null,
): RefundLimit {
  const remaining = Math.max(0, row.remainingRefundable);
  if (live && liveCap !== null && liveCap < remaining) {
    return {
      max: liveCap,
      capNote: `This profile caps a live refund at ${formatMinor(liveCap, row.currency, exponent)}.`,
    };
  }
  return { max: remaining, capNote: null };
}

export type AmountCheck = { ok: true; minor: number } | { ok: false; error: string };

export function checkRefundAmount(text: string, exponent: number, max: number, currency: string): AmountCheck {
  const parsed = parseMajor(text, exponent);
  if (!parsed.ok) return parsed;
  if (parsed.minor > max) {
    return { ok: false, error: `At most ${formatMinor(max, currency, exponent)} can be refunded` };
  }
  return parsed;
}
