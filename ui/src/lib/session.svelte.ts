import type { Mode } from './bindings/Mode';
import type { Profile } from './bindings/Profile';
import type { Scope } from './bindings/Scope';

/**
 * The one place the UI keeps "where am I": which merchant profile and which mode. Every
 * command takes the scope explicitly, so a view can never act on a partition it is not
 * showing: it reads `session.scope` at the moment of the call.
 */
class Session {
  profiles = $state<Profile[]>([]);
  profileId = $state<string | null>(null);
  mode = $state<Mode>('test');
  /** Switching to live asks once per app session. */
  liveAcknowledged = $state(false);
  /** Set by any command that answered `offline`; cleared by the next one that reached the API. */
  offline = $state(false);
  /** The profile backed by the embedded simulator, if any. */
  sandboxProfileId = $state<string | null>(null);

  profile = $derived(this.profiles.find((p) => p.id === this.profileId) ?? null);
  scope = $derived<Scope | null>(this.profileId ? { profile: this.profileId, mode: this.mode } : null);
  isLive = $derived(this.mode === 'live');

  setProfiles(profiles: Profile[]) {
    this.profiles = profiles;
    if (!profiles.some((p) => p.id === this.profileId)) {
      this.profileId = profiles[0]?.id ?? null;
      this.mode = 'test';
    }
  }

  /** Changing merchant always lands in test mode: live is a deliberate second step. */
  selectProfile(id: string) {
    if (id === this.profileId) return;
    this.profileId = id;
    this.mode = 'test';
  }

  setMode(mode: Mode) {
    this.mode = mode;
    if (mode === 'live') this.liveAcknowledged = true;
  }

  /** Views report what the last API call taught them about connectivity. */
  noteReachability(err: unknown) {
    const code = (err as { code?: string } | null)?.code;
    this.offline = code === 'offline';
  }
}

export const session = new Session();
