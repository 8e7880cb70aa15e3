import type { AuditEntry } from '../bindings/AuditEntry';
import type { AuditFilter } from '../bindings/AuditFilter';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { ListQuery } from '../bindings/ListQuery';
import { call } from './invoke';

export const listAudit = (filter: AuditFilter) => call<AuditEntry[]>('list_audit', { filter });
/** `path` comes from the save dialog. */
export const exportAudit = (filter: AuditFilter, path: string) => call<number>('export_audit', { filter, path });
export const exportCheckouts = (query: ListQuery, path: string) =>
  call<ExportSummary>('export_checkouts', { query, path });
