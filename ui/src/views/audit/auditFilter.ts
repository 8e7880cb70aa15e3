import type { AuditFilter } from '../../lib/bindings/AuditFilter';
import type { Outcome } from '../../lib/bindings/Outcome';
import type { Scope } from '../../lib/bindings/Scope';

/** Every action the desk audits (the snake_case names it stores). */
export const AUDIT_ACTIONS: readonly string[] = [
  'checkout_created',
  'checkout_captured',
  'checkout_refunded',
  'reserve_released',
  'checkout_metadata_updated',
  'checkout_deleted',
  'customer_created',
  'customer_deleted',
  'write_settled',
  'sync_run',
  'import_run',
  'key_set',
  'key_deleted',
  'profile_created',
  'profile_renamed',
  'profile_recolored',
  'profile_base_url_changed',
  'guard_rails_changed',
  'profile_deleted',
  'checkouts_exported',
  'audit_exported',
];

/** `checkout_metadata_updated` → "Checkout metadata updated". */
export function actionLabel(action: string): string {
  const words = action.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type AuditScopeChoice = 'current' | 'profile' | 'all';

export interface AuditFilterInput {
  action: string;
  outcome: '' | Outcome;
  /** `YYYY-MM-DD` from a date field, local time; empty = open. */
  since: string;
  /** `YYYY-MM-DD`, inclusive (the whole day); empty = open. */
  until: string;
  scope: AuditScopeChoice;
}

export const EMPTY_FILTER: AuditFilterInput = { action: '', outcome: '', since: '', until: '', scope: 'current' };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a `YYYY-MM-DD` (plus `addDays`) as an RFC 3339 UTC instant. */
export function localDayStart(date: string, addDays = 0): string | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export type FilterResult = { ok: true; filter: AuditFilter } | { ok: false; error: string };

/** The UI's choices as the command's filter; the until day is inclusive in the UI. */
export function toAuditFilter(input: AuditFilterInput, scope: Scope | null): FilterResult {
  const since = input.since ? localDayStart(input.since) : null;
  const until = input.until ? localDayStart(input.until, 1) : null;
  if (input.since && !since) return { ok: false, error: 'The "from" date is not a date' };
  if (input.until && !until) return { ok: false, error: 'The "to" date is not a date' };
  if (since && until && since >= until) return { ok: false, error: '"From" must be on or before "to"' };
  const useScope = input.scope !== 'all' && scope !== null;
  return {
    ok: true,
    filter: {
      profileId: useScope ? scope.profile : null,
      mode: useScope && input.scope === 'current' ? scope.mode : null,
      action: input.action || null,
      since,
      until,
      outcome: input.outcome || null,
      beforeSeq: null,
      limit: null,
    },
  };
}

/** `neuropay-audit-2026-11-21.csv`, dated today (local). */
export function exportFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `neuropay-audit-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
