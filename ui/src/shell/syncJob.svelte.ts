import { errorMessage } from '../lib/api/invoke';
import { cancelJob, syncOpen } from '../lib/api/sync';
import type { Progress } from '../lib/bindings/Progress';
import type { Scope } from '../lib/bindings/Scope';
import type { SyncReport } from '../lib/bindings/SyncReport';
import { session } from '../lib/session.svelte';

/** One line for a finished sync. */
export function syncSummary(r: SyncReport): string {
  const parts = [`${r.checked} checked`, `${r.changed} changed`];
  if (r.failed.length > 0) parts.push(`${r.failed.length} failed`);
  if (r.settled > 0) parts.push(`${r.settled} unsettled write${r.settled === 1 ? '' : 's'} settled`);
  return `${r.cancelled ? 'Sync cancelled' : 'Sync finished'}: ${parts.join(', ')}.`;
}

/**
 * "Sync open checkouts" started from the palette: one job at a time, for the scope that
 * was current when it started (shown with it), cancellable. `completed` counts finished
 * runs so a view can reload its list when it changes.
 */
class SyncJob {
  scope = $state<Scope | null>(null);
  progress = $state<Progress | null>(null);
  running = $state(false);
  cancelling = $state(false);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  completed = $state(0);

  async start() {
    const scope = session.scope;
    if (!scope || this.running) return;
    this.scope = scope;
    this.running = true;
    this.cancelling = false;
    this.progress = null;
    this.message = null;
    this.error = null;
    try {
      const report = await syncOpen(scope, (p) => (this.progress = p));
      this.message = syncSummary(report);
      session.noteReachability(null);
    } catch (err) {
      session.noteReachability(err);
      this.error = errorMessage(err);
    } finally {
      this.running = false;
      this.cancelling = false;
      this.completed += 1;
    }
  }

  async cancel() {
    this.cancelling = true;
    try {
      await cancelJob();
    } catch (err) {
      this.error = errorMessage(err);
      this.cancelling = false;
    }
  }

  dismiss() {
    this.message = null;
    this.error = null;
  }
}

export const syncJob = new SyncJob();
