import { Channel } from '@tauri-apps/api/core';
import type { BulkAction } from '../bindings/BulkAction';
import type { BulkPlan } from '../bindings/BulkPlan';
import type { BulkProgress } from '../bindings/BulkProgress';
import type { BulkReport } from '../bindings/BulkReport';
import type { ListQuery } from '../bindings/ListQuery';
import type { Overview } from '../bindings/Overview';
import type { ReservedCheckout } from '../bindings/ReservedCheckout';
import type { Scope } from '../bindings/Scope';
import type { WriteArgs } from './checkouts';
import { call } from './invoke';

/** Cache only: works offline. Paging and sort of the query are ignored. */
export const overview = (query: ListQuery) => call<Overview>('overview', { query });
/** Reserved checkouts of the scope, oldest first. Cache only. */
export const reserveRadar = (scope: Scope) => call<ReservedCheckout[]>('reserve_radar', { scope });
export const bulkPlan = (scope: Scope, ids: string[], action: BulkAction) =>
  call<BulkPlan>('bulk_plan', { scope, ids, action });
/** One job at a time with sync and import; stopped by `cancelJob`. */
export function bulkRun(w: WriteArgs, ids: string[], action: BulkAction, onProgress: (p: BulkProgress) => void) {
  const channel = new Channel<BulkProgress>();
  channel.onmessage = onProgress;
  return call<BulkReport>('bulk_run', { ...w, ids, action, onProgress: channel });
}
