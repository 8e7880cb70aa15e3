/**
 * How a write ended, in the four ways the UI must tell apart: done; outcome unknown (the
 * request may have been applied: never call it failed); nothing sent (offline); refused.
 */
import { DeskError, errorMessage } from '../../lib/api/invoke';
import type { Profile } from '../../lib/bindings/Profile';
import type { Scope } from '../../lib/bindings/Scope';

export type WriteOutcome<T> =
  | { kind: 'done'; value: T }
  | { kind: 'unknown'; message: string }
  | { kind: 'offline'; message: string }
  | { kind: 'failed'; error: unknown; message: string; field: string | null };

export const OUTCOME_UNKNOWN_TEXT = 'Outcome unknown — checking';

export function classify<T>(err: unknown): WriteOutcome<T> {
  if (err instanceof DeskError && err.outcomeUnknown) return { kind: 'unknown', message: err.message };
  if (err instanceof DeskError && err.offline) return { kind: 'offline', message: err.message };
  return {
    kind: 'failed',
    error: err,
    message: errorMessage(err),
    field: err instanceof DeskError ? err.field : null,
  };
}

/** Runs a network write and reports what it taught us about reachability. */
export async function performWrite<T>(
  write: () => Promise<T>,
  noteReachability: (err: unknown) => void,
): Promise<WriteOutcome<T>> {
  try {
    const value = await write();
    noteReachability(null);
    return { kind: 'done', value };
  } catch (err) {
    noteReachability(err);
    return classify<T>(err);
  }
}

export interface WriteContext {
  scope: Scope | null;
  offline: boolean;
  isLive: boolean;
  profile: Profile | null;
}

/**
 * Why writes are off right now, or null. Shown next to every disabled write button.
 * `target` is the (profile, mode) the checkout on screen belongs to: a mode or profile
 * switch while a panel is open must never send a write to the other partition.
 */
export function writeBlockReason(ctx: WriteContext, target?: { profileId: string; mode: string }): string | null {
  if (!ctx.scope) return 'No profile is selected.';
  if (target && target.profileId !== ctx.scope.profile) {
    return 'This checkout belongs to another profile; reopen it from the list.';
  }
  if (target && target.mode !== ctx.scope.mode) {
    return `This is a ${target.mode}-mode checkout and the desk is in ${ctx.scope.mode} mode.`;
  }
  if (ctx.offline) return 'Offline: the API is unreachable, so nothing would be sent. Sync or refresh to retry.';
  if (ctx.isLive && ctx.profile?.guardRails.liveReadOnly) {
    return "This profile's live mode is read-only (guard rails).";
  }
  return null;
}
