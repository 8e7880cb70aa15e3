import type { Mode } from '../lib/bindings/Mode';

export const APP_TITLE = 'Neuro-Pay Desk';

/** The window title: in live mode it names the merchant, so even the task bar says LIVE. */
export function windowTitle(profileName: string | null, mode: Mode): string {
  if (mode === 'live' && profileName) return `LIVE — ${profileName} — ${APP_TITLE}`;
  return APP_TITLE;
}

/** The badge text: never colour alone. */
export function modeLabel(mode: Mode, liveReadOnly: boolean): string {
  if (mode === 'test') return 'TEST';
  return liveReadOnly ? 'LIVE · read-only' : 'LIVE';
}

/** Switching to live asks once per app session; switching to test never asks. */
export function needsLiveConfirmation(target: Mode, acknowledged: boolean): boolean {
  return target === 'live' && !acknowledged;
}
