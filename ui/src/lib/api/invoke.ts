import { invoke as tauriInvoke } from '@tauri-apps/api/core';

/** The error every command rejects with (src-tauri's CommandError). */
export interface CommandError {
  code: string;
  message: string;
}

export class DeskError extends Error {
  readonly code: string;
  constructor(err: CommandError) {
    super(err.message);
    this.code = err.code;
    this.name = 'DeskError';
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).code === 'string' &&
    typeof (value as CommandError).message === 'string'
  );
}

/** Calls a command and turns its rejection into a DeskError the views can branch on. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (err) {
    if (isCommandError(err)) throw new DeskError(err);
    throw new DeskError({ code: 'internal', message: String(err) });
  }
}
