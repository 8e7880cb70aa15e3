/**
 * What the user reads after a write: done, outcome unknown (then checked), nothing sent,
 * or refused with the server's message and the field at fault.
 */
import { getCheckout } from '../../lib/api/checkouts';
import { errorMessage } from '../../lib/api/invoke';
import { settleUnsettled } from '../../lib/api/sync';
import type { CheckoutDetail } from '../../lib/bindings/CheckoutDetail';
import type { Scope } from '../../lib/bindings/Scope';
import { statusInfo } from '../../components/status';
import { OUTCOME_UNKNOWN_TEXT, type WriteOutcome } from './writes';

export type NoteTone = 'ok' | 'unknown' | 'offline' | 'error';

export interface Note {
  tone: NoteTone;
  text: string;
  field?: string | null;
}

export function noteFor<T>(outcome: WriteOutcome<T>, doneText: (value: T) => string): Note {
  switch (outcome.kind) {
    case 'done':
      return { tone: 'ok', text: doneText(outcome.value) };
    case 'unknown':
      return { tone: 'unknown', text: OUTCOME_UNKNOWN_TEXT };
    case 'offline':
      return { tone: 'offline', text: `Nothing was sent: ${outcome.message}` };
    case 'failed':
      return { tone: 'error', text: outcome.message, field: outcome.field };
  }
}

export interface CheckResult {
  note: Note;
  detail: CheckoutDetail | null;
}

/**
 * After "outcome unknown": settle the scope's unsettled writes (re-sent under the same
 * Idempotency-Key, so never applied twice), then read the checkout back from the cache.
 */
export async function settleAndCheck(scope: Scope, checkoutId: string): Promise<CheckResult> {
  try {
    await settleUnsettled(scope);
  } catch (err) {
    return {
      note: { tone: 'unknown', text: `${OUTCOME_UNKNOWN_TEXT}: the check could not run (${errorMessage(err)}). It runs again at the next sync.` },
      detail: null,
    };
  }
  try {
    const detail = await getCheckout(scope, checkoutId);
    if (detail.unsettled) {
      return {
        note: { tone: 'unknown', text: `${OUTCOME_UNKNOWN_TEXT}: still not confirmed. The desk checks again at the next sync.` },
        detail,
      };
    }
    const status = statusInfo(detail.row.status).label;
    return {
      note: { tone: 'ok', text: `Checked: the checkout is now ${status}, refunded ${detail.row.refundedFormatted}.` },
      detail,
    };
  } catch (err) {
    // A deleted checkout is no longer in the cache: that settles a delete.
    return { note: { tone: 'unknown', text: `Checked; the checkout could not be read back: ${errorMessage(err)}` }, detail: null };
  }
}
