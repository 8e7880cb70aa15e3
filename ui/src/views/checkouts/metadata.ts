/**
 * The metadata editor's rows and rules. Limits mirror the client library's (≤ 50 keys,
 * non-empty keys, scalar values, ≤ 5 KB as compact JSON) and are checked on the metadata
 * the checkout would have after the change, as the user types.
 */
import type { MetadataChange } from '../../lib/bindings/MetadataChange';
import type { JsonValue } from '../../lib/bindings/serde_json/JsonValue';

export const MAX_KEYS = 50;
export const MAX_BYTES = 5 * 1024;

export type MetaType = 'text' | 'number' | 'boolean';
export type MetaScalar = string | number | boolean;

export interface MetaRow {
  /** Stable identity for the keyed each block. */
  uid: number;
  /** The key this row had on the checkout; null for a new row. */
  originalKey: string | null;
  key: string;
  type: MetaType;
  /** As typed: numbers and booleans are text until built. */
  value: string;
  /** Marked for deletion with the Delete button. */
  deleted: boolean;
}

let nextUid = 1;

export function newRow(): MetaRow {
  return { uid: nextUid++, originalKey: null, key: '', type: 'text', value: '', deleted: false };
}

function typeOf(v: JsonValue): MetaType {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'text';
}

function textOf(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // Not a scalar (the API admits none, but a tolerant cache may hold one): shown as JSON.
  return JSON.stringify(v);
}

export function rowsFrom(metadata: Record<string, JsonValue>): MetaRow[] {
  return Object.keys(metadata)
    .sort()
    .map((key) => {
      const v = metadata[key] ?? null;
      return { uid: nextUid++, originalKey: key, key, type: typeOf(v), value: textOf(v), deleted: false };
    });
}

/** A row with an existing key whose value was cleared: the API deletes such a key. */
export function clearedToDelete(row: MetaRow): boolean {
  return row.originalKey !== null && !row.deleted && row.value === '';
}

function scalarOf(row: MetaRow): { ok: true; value: MetaScalar } | { ok: false; error: string } {
  switch (row.type) {
    case 'text':
      return { ok: true, value: row.value };
    case 'boolean':
      if (row.value === 'true') return { ok: true, value: true };
      if (row.value === 'false') return { ok: true, value: false };
      return { ok: false, error: 'Pick true or false' };
    case 'number': {
      const t = row.value.trim();
      if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return { ok: false, error: 'Not a number' };
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, error: 'Number out of range' };
      return { ok: true, value: n };
    }
  }
}

export interface MetaCheck {
  /** Errors by row uid. */
  rowErrors: Map<number, string>;
  /** Errors about the whole set (key count, size). */
  errors: string[];
  /** Metadata after the change. */
  result: Record<string, MetaScalar>;
  keyCount: number;
  bytes: number;
  change: { set: Record<string, MetaScalar>; remove: string[] };
  /** Nothing to send. */
  empty: boolean;
}

function sameScalar(a: JsonValue | undefined, b: MetaScalar): boolean {
  return a === b;
}

/** Validates the rows against the checkout's current metadata and derives the change. */
export function checkRows(original: Record<string, JsonValue>, rows: readonly MetaRow[]): MetaCheck {
  const rowErrors = new Map<number, string>();
  const errors: string[] = [];
  const set: Record<string, MetaScalar> = {};
  const remove = new Set<string>();
  const result: Record<string, MetaScalar> = {};
  for (const [k, v] of Object.entries(original)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') result[k] = v;
  }

  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = row.key.trim();
    const removing = row.deleted || clearedToDelete(row);
    if (row.originalKey !== null && (removing || key !== row.originalKey)) {
      // Deleted, cleared, or renamed: the old key goes.
      remove.add(row.originalKey);
      delete result[row.originalKey];
    }
    if (removing) continue;
    if (key === '') {
      rowErrors.set(row.uid, 'Key must not be empty');
      continue;
    }
    if (seen.has(key)) {
      rowErrors.set(row.uid, `Key "${key}" is used twice`);
      continue;
    }
    seen.set(key, row.uid);
    if (row.originalKey === null && row.type === 'text' && row.value === '') {
      rowErrors.set(row.uid, 'Enter a value (an empty value would delete the key)');
      continue;
    }
    const scalar = scalarOf(row);
    if (!scalar.ok) {
      rowErrors.set(row.uid, scalar.error);
      continue;
    }
    result[key] = scalar.value;
    remove.delete(key);
    if (!(row.originalKey === key && sameScalar(original[key], scalar.value))) set[key] = scalar.value;
  }

  const keyCount = Object.keys(result).length;
  const sorted = Object.fromEntries(Object.keys(result).sort().map((k) => [k, result[k]]));
  const bytes = new TextEncoder().encode(JSON.stringify(sorted)).length;
  if (keyCount > MAX_KEYS) errors.push(`${keyCount} keys: at most ${MAX_KEYS} are allowed`);
  if (bytes > MAX_BYTES) errors.push(`${bytes} bytes as JSON: at most ${MAX_BYTES} are allowed`);
  const removeList = [...remove].filter((k) => !(k in set)).sort();
  return {
    rowErrors,
    errors,
    result,
    keyCount,
    bytes,
    change: { set, remove: removeList },
    empty: Object.keys(set).length === 0 && removeList.length === 0,
  };
}

export function toChange(checkoutId: string, check: MetaCheck): MetadataChange {
  return { checkoutId, set: { ...check.change.set }, remove: [...check.change.remove] };
}
