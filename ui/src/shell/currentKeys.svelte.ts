import { keyStatuses } from '../lib/api/keys';
import type { KeyStatus } from '../lib/bindings/KeyStatus';
import type { Mode } from '../lib/bindings/Mode';

/**
 * The masked keys of the current profile, for the top bar's key suffix. The Profiles view
 * reloads it after it sets or deletes a key of that profile.
 */
class CurrentKeys {
  profileId = $state<string | null>(null);
  statuses = $state<KeyStatus[]>([]);
  error = $state<string | null>(null);
  private generation = 0;

  async load(profileId: string | null) {
    const gen = ++this.generation;
    this.profileId = profileId;
    this.statuses = [];
    this.error = null;
    if (!profileId) return;
    try {
      const statuses = await keyStatuses(profileId);
      // A newer load (another profile) wins over a slow older one.
      if (gen === this.generation) this.statuses = statuses;
    } catch (err) {
      if (gen === this.generation) this.error = err instanceof Error ? err.message : String(err);
    }
  }

  reload() {
    return this.load(this.profileId);
  }

  masked(mode: Mode): string | null {
    const s = this.statuses.find((k) => k.mode === mode);
    return s?.present ? (s.masked ?? '…') : null;
  }
}

export const currentKeys = new CurrentKeys();
