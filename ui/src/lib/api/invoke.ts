import { invoke as tauriInvoke } from '@tauri-apps/api/core';
import type { ErrorDto } from '../bindings/ErrorDto';

/** A failed command: `code` to branch on, `message` to show, `field` to highlight. */
export class DeskError extends Error {
  readonly code: string;
  readonly field: string | null;
  constructor(err: ErrorDto) {
    super(err.message);
    this.code = err.code;
    this.field = err.field;
    this.name = 'DeskError';
  }
  /** The write may or may not have happened; the desk is checking. Never "failed". */
  get outcomeUnknown(): boolean {
    return this.code === 'outcome_unknown';
  }
  /** Nothing reached the server. */
  get offline(): boolean {
    return this.code === 'offline';
  }
}

function isErrorDto(value: unknown): value is ErrorDto {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorDto).code === 'string' &&
    typeof (value as ErrorDto).message === 'string'
  );
}

/** Calls a command and turns its rejection into a DeskError the views can branch on. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (err) {
    if (isErrorDto(err)) throw new DeskError({ ...err, field: err.field ?? null });
    throw new DeskError({ code: 'internal', message: String(err), field: null });
  }
}

/** A message for any caught error, never a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof DeskError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
