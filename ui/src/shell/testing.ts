/** Test helpers: module-level state (session, nav, shell) is shared by every test in a file. */
import type { Profile } from '../lib/bindings/Profile';
import { nav } from '../lib/nav.svelte';
import { session } from '../lib/session.svelte';
import { currentKeys } from './currentKeys.svelte';
import { shell } from './shellState.svelte';

export function makeProfile(over: Partial<Profile> & Pick<Profile, 'id' | 'name'>): Profile {
  return {
    color: '#2563eb',
    baseUrl: 'https://api.neuro-admin.com',
    guardRails: { liveReadOnly: false, liveRefundCap: null },
    isSandbox: false,
    createdAt: '2026-11-21T10:00:00Z',
    updatedAt: '2026-11-21T10:00:00Z',
    ...over,
  };
}

export function resetShellState(): void {
  session.profiles = [];
  session.profileId = null;
  session.mode = 'test';
  session.liveAcknowledged = false;
  session.offline = false;
  session.sandboxProfileId = null;
  nav.view = 'checkouts';
  nav.clearSelection();
  shell.paletteOpen = false;
  shell.helpOpen = false;
  shell.askingLiveFor = null;
  currentKeys.statuses = [];
  currentKeys.profileId = null;
}
