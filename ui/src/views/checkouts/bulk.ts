/** Bulk actions' plain rules: labels, the live typed confirmation, and the run's tally. */
import type { BulkAction } from '../../lib/bindings/BulkAction';
import type { BulkPlan } from '../../lib/bindings/BulkPlan';
import type { BulkRowResult } from '../../lib/bindings/BulkRowResult';

export const BULK_ACTIONS: ReadonlyArray<{ action: BulkAction; label: string; write: boolean }> = [
  { action: 'refresh', label: 'Refresh', write: false },
  { action: 'capture', label: 'Capture', write: true },
];

export function actionLabel(action: BulkAction): string {
  return BULK_ACTIONS.find((a) => a.action === action)?.label ?? action;
}

/** What a live money-moving run asks the user to type (`capture 3`); null when not needed. */
export function confirmPhrase(action: BulkAction, isLive: boolean, count: number): string | null {
  const write = BULK_ACTIONS.find((a) => a.action === action)?.write ?? true;
  return isLive && write ? `${action} ${count}` : null;
}

/** The run may start: something to do, and the phrase typed exactly when one is asked. */
export function canRun(plan: BulkPlan | null, phrase: string | null, typed: string): boolean {
  if (!plan || plan.will.length === 0) return false;
  return phrase === null || typed.trim() === phrase;
}

/** Per-row results as they arrive; a later result for an id replaces the earlier one. */
export function mergeResult(results: readonly BulkRowResult[], row: BulkRowResult): BulkRowResult[] {
  return [...results.filter((r) => r.id !== row.id), row];
}
