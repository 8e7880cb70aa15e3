import { DeskError, errorMessage } from '../../lib/api/invoke';

/** How a failed write reads: never "failed" when the outcome is not known. */
export function writeErrorText(err: unknown): string {
  if (err instanceof DeskError && err.outcomeUnknown) {
    return 'Outcome unknown — checking. The desk settles this write with its original idempotency key; do not repeat it.';
  }
  if (err instanceof DeskError && err.offline) return `Offline: nothing was sent. ${err.message}`;
  return errorMessage(err);
}
