import type { Mode } from '../lib/bindings/Mode';
import { session } from '../lib/session.svelte';
import { needsLiveConfirmation } from './mode';

/**
 * The shell's overlays, and the one way to change mode: the top-bar switch and the
 * palette both call `requestMode`, so neither can reach live without the session's
 * one-time confirmation.
 */
class ShellState {
  paletteOpen = $state(false);
  helpOpen = $state(false);
  /** The profile the live confirmation is being asked for (null = not asking). */
  askingLiveFor = $state<string | null>(null);

  requestMode(mode: Mode) {
    if (!session.profileId || mode === session.mode) return;
    if (needsLiveConfirmation(mode, session.liveAcknowledged)) {
      this.askingLiveFor = session.profileId;
      return;
    }
    session.setMode(mode);
  }

  /** The person said yes: live for the profile they were asked about, and only that one. */
  confirmLive() {
    const asked = this.askingLiveFor;
    this.askingLiveFor = null;
    if (asked && asked === session.profileId) session.setMode('live');
  }

  cancelLive() {
    this.askingLiveFor = null;
  }
}

export const shell = new ShellState();
