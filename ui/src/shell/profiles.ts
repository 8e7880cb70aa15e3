import { listProfiles } from '../lib/api/profiles';
import { session } from '../lib/session.svelte';

/** Re-reads the profiles after a change, so the switcher and the top bar follow. */
export async function reloadProfiles(): Promise<void> {
  session.setProfiles(await listProfiles());
}
