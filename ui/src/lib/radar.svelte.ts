/**
 * The radar's live state: reserved checkouts of the current scope, re-read every minute
 * while the app runs, and an OS notification once per checkout when it crosses the
 * threshold.
 */
import { isPermissionGranted, requestPermission, sendNotification } from '@tauri-apps/plugin-notification';
import { reserveRadar } from './api/overview';
import type { ReservedCheckout } from './bindings/ReservedCheckout';
import type { Scope } from './bindings/Scope';
import { loadThreshold, notificationText, NotifyOnce, overCount, saveThreshold } from './radar';

const POLL_MS = 60_000;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

async function notifyOs(title: string, body: string): Promise<void> {
  let granted = await isPermissionGranted();
  if (!granted) granted = (await requestPermission()) === 'granted';
  if (granted) sendNotification({ title, body });
}

class Radar {
  rows = $state.raw<ReservedCheckout[]>([]);
  thresholdDays = $state(loadThreshold(storage()));
  over = $derived(overCount(this.rows, this.thresholdDays));
  error = $state<unknown>(null);
  private once = new NotifyOnce();
  private scope: Scope | null = null;
  /** Replaced in tests. */
  notify: (title: string, body: string) => Promise<void> = notifyOs;

  setThreshold(days: number) {
    this.thresholdDays = days;
    saveThreshold(storage(), days);
    void this.announce();
  }

  async refresh(scope: Scope): Promise<void> {
    this.scope = scope;
    try {
      const rows = await reserveRadar(scope);
      if (this.scope !== scope) return;
      this.rows = rows;
      this.error = null;
    } catch (err) {
      this.error = err;
      return;
    }
    await this.announce();
  }

  private async announce(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    const fresh = this.once.take(`${scope.profile}/${scope.mode}`, this.rows, this.thresholdDays);
    if (fresh.length === 0) return;
    const { title, body } = notificationText(fresh, this.thresholdDays);
    try {
      await this.notify(title, body);
    } catch {
      // No notification service (a bare X session): the badge still shows the count.
    }
  }

  /** Polls for `scope` until the returned function is called. */
  watch(scope: Scope): () => void {
    void this.refresh(scope);
    const timer = setInterval(() => void this.refresh(scope), POLL_MS);
    return () => {
      clearInterval(timer);
      if (this.scope === scope) {
        this.scope = null;
        this.rows = [];
      }
    };
  }
}

export const radar = new Radar();
