/**
 * The create-customer form: inline checks that mirror the API client's (so a mistake shows
 * next to its field before anything is sent), and metadata rows turned into the typed
 * object the command expects.
 */
import type { CustomerForm } from '../../lib/bindings/CustomerForm';

export type MetaKind = 'text' | 'number' | 'bool';

export interface MetaRow {
  key: string;
  kind: MetaKind;
  value: string;
}

export interface CustomerInput {
  firstName: string;
  lastName: string;
  email: string;
  rows: MetaRow[];
}

export type CustomerErrors = Partial<Record<'firstName' | 'lastName' | 'email' | 'metadata', string>> & {
  /** Per metadata row, by index. */
  rows?: Record<number, string>;
};

export const MAX_NAME_CHARS = 100;
export const MAX_METADATA_KEYS = 50;
export const MAX_METADATA_BYTES = 5 * 1024;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function nameError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'Required';
  if ([...v].length > MAX_NAME_CHARS) return `At most ${MAX_NAME_CHARS} characters`;
  if (CONTROL.test(v)) return 'No control characters';
  return null;
}

/** The same rules as the API client: one @, a name before it, a dotted domain after it. */
export function emailError(value: string): string | null {
  const v = value.trim();
  if (v === '') return 'Required';
  if (v.length > 254) return 'At most 254 characters';
  if (/\s/.test(v) || CONTROL.test(v)) return 'No spaces';
  const parts = v.split('@');
  if (parts.length !== 2) return 'Needs exactly one @';
  const [local = '', domain = ''] = parts;
  if (local === '' || local.length > 64) return 'Needs a name before the @';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return 'Misplaced dot before the @';
  if (/[(),:;<>[\]\\"]/.test(local)) return 'A character before the @ is not allowed';
  const labels = domain.split('.');
  if (labels.length < 2) return 'Needs a domain with a dot after the @, like example.com';
  if (labels.some((l) => l === '' || l.startsWith('-') || l.endsWith('-') || !/^[\p{L}\p{N}-]+$/u.test(l))) {
    return 'The domain after the @ is not valid';
  }
  if ([...(labels[labels.length - 1] ?? '')].length < 2) return 'The top-level domain is not valid';
  return null;
}

type MetaValue = string | number | boolean;

function rowValue(row: MetaRow): { ok: true; value: MetaValue } | { ok: false; error: string } {
  if (row.kind === 'bool') {
    if (row.value === 'true' || row.value === 'false') return { ok: true, value: row.value === 'true' };
    return { ok: false, error: 'Choose yes or no' };
  }
  if (row.kind === 'number') {
    const t = row.value.trim();
    if (!/^-?\d+(\.\d+)?$/.test(t)) return { ok: false, error: 'Not a number' };
    const n = Number(t);
    if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) return { ok: false, error: 'Number too large' };
    return { ok: true, value: n };
  }
  return { ok: true, value: row.value };
}

/** Rows → metadata object, or the errors by row. Empty rows (no key, no value) are skipped. */
export function metadataFromRows(rows: MetaRow[]): { metadata: Record<string, MetaValue>; rowErrors: Record<number, string>; error: string | null } {
  const metadata: Record<string, MetaValue> = {};
  const rowErrors: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '' && row.kind !== 'bool') return;
    if (key === '') {
      rowErrors[i] = 'Enter a key';
      return;
    }
    if (seen.has(key)) {
      rowErrors[i] = 'This key is already used';
      return;
    }
    seen.add(key);
    const v = rowValue(row);
    if (!v.ok) rowErrors[i] = v.error;
    else metadata[key] = v.value;
  });
  let error: string | null = null;
  const count = Object.keys(metadata).length;
  if (count > MAX_METADATA_KEYS) error = `At most ${MAX_METADATA_KEYS} keys (${count} given)`;
  else if (new TextEncoder().encode(JSON.stringify(metadata)).length > MAX_METADATA_BYTES) error = 'Metadata is larger than 5 KB';
  return { metadata, rowErrors, error };
}

/** The form as the create_customer command takes it, or the errors to show. */
export function validateCustomer(input: CustomerInput): { ok: true; form: CustomerForm } | { ok: false; errors: CustomerErrors } {
  const errors: CustomerErrors = {};
  const first = nameError(input.firstName);
  const last = nameError(input.lastName);
  const email = emailError(input.email);
  if (first) errors.firstName = first;
  if (last) errors.lastName = last;
  if (email) errors.email = email;
  const md = metadataFromRows(input.rows);
  if (md.error) errors.metadata = md.error;
  if (Object.keys(md.rowErrors).length > 0) errors.rows = md.rowErrors;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    form: {
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      email: input.email.trim(),
      metadata: md.metadata,
    },
  };
}
