import { startDesk } from '../lib/api/app';
import type { StartInfo } from '../lib/bindings/StartInfo';
import { session } from '../lib/session.svelte';

/** What the user should know after start: writes settled from the last run, a keychain problem. */
export function startNotice(info: StartInfo): string | null {
  const parts: string[] = [];
  const s = info.settled;
  if (s.examined > 0) {
    const bits: string[] = [];
    if (s.done > 0) bits.push(`${s.done} confirmed`);
    if (s.failed > 0) bits.push(`${s.failed} refused by the server`);
    if (s.needsReview > 0) bits.push(`${s.needsReview} too old to re-send (review them in Audit)`);
    if (s.unsettled.length > 0) bits.push(`${s.unsettled.length} still unknown — checking`);
    parts.push(`Writes the last session left unfinished: ${bits.join(', ')}.`);
  }
  if (info.vault.state !== 'available') {
    parts.push(`Keychain ${info.vault.state}: ${info.vault.message}`);
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * Starts the desk (the embedded simulator on first run, settling leftovers) and fills the
 * session. Returns a notice for the user, or null.
 */
export async function startShell(): Promise<string | null> {
  const info = await startDesk();
  session.setProfiles(info.profiles);
  session.sandboxProfileId = info.sandbox?.profileId ?? null;
  return startNotice(info);
}
