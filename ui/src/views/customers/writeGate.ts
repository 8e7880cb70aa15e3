import type { Mode } from '../../lib/bindings/Mode';
import type { Profile } from '../../lib/bindings/Profile';

/** Why writes are off in this scope (live read-only), or null when they are allowed. */
export function writeBlockedReason(profile: Profile | null, mode: Mode): string | null {
  if (!profile) return 'Choose a profile first';
  if (mode === 'live' && profile.guardRails.liveReadOnly) {
    return `LIVE is read-only for ${profile.name}: change it under Profiles & keys to allow writes`;
  }
  return null;
}
