/**
 * Start-up moments as performance marks: the benchmarks measure cold start from the
 * app's launch to the first list of checkouts shown, and report the steps between.
 */
export const LIST_READY_MARK = 'npdesk:list-ready';
/** When the desk answered `start_desk` (profiles, keychain, settled writes). */
export const DESK_STARTED_MARK = 'npdesk:desk-started';

function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

let started = false;

/** The start-up step before the first list; marked once. */
export function markDeskStarted(): void {
  if (started) return;
  started = true;
  mark(DESK_STARTED_MARK);
}

let marked = false;

/** Marks the first time only; later lists are not a start. */
export function markListReady(): void {
  if (marked) return;
  marked = true;
  mark(LIST_READY_MARK);
}
