import { Channel } from '@tauri-apps/api/core';
import type { ImportPlan } from '../bindings/ImportPlan';
import type { ImportReport } from '../bindings/ImportReport';
import type { Progress } from '../bindings/Progress';
import type { Scope } from '../bindings/Scope';
import type { SettleReport } from '../bindings/SettleReport';
import type { SyncReport } from '../bindings/SyncReport';
import { call } from './invoke';

function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Refreshes every non-final checkout; one job at a time, stopped by `cancelJob`. */
export const syncOpen = (scope: Scope, onProgress: (p: Progress) => void) =>
  call<SyncReport>('sync_open', { scope, onProgress: progressChannel(onProgress) });
export const cancelJob = () => call<boolean>('cancel_job');
export const parseImport = (text: string) => call<ImportPlan>('parse_import', { text });
export const readImportFile = (path: string) => call<ImportPlan>('read_import_file', { path });
export const importCheckouts = (scope: Scope, ids: string[], onProgress: (p: Progress) => void) =>
  call<ImportReport>('import_checkouts', { scope, ids, onProgress: progressChannel(onProgress) });
export const settleUnsettled = (scope: Scope) => call<SettleReport>('settle_unsettled', { scope });
