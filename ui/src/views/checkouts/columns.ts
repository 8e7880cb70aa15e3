import type { SortColumn } from '../../lib/bindings/SortColumn';

export interface Column {
  label: string;
  sort: SortColumn;
  width: string;
  numeric?: boolean;
  /** Hidden while the detail panel takes half the width. */
  wideOnly?: boolean;
}

/** The list's columns in display order, with the server column each sorts by. */
export const COLUMNS: readonly Column[] = [
  { label: 'Id', sort: 'id', width: 'minmax(120px, 1.3fr)' },
  { label: 'Identifier', sort: 'identifier', width: 'minmax(90px, 1fr)' },
  { label: 'Status', sort: 'status', width: '150px' },
  { label: 'Amount', sort: 'amount', width: '120px', numeric: true },
  { label: 'Refunded', sort: 'refunded', width: '100px', numeric: true, wideOnly: true },
  { label: 'Customer', sort: 'customerId', width: 'minmax(90px, 1fr)', wideOnly: true },
  { label: 'Created', sort: 'createdAt', width: '128px', wideOnly: true },
  { label: 'Last synced', sort: 'lastSyncedAt', width: '120px' },
];

export function visibleColumns(compact: boolean): readonly Column[] {
  return compact ? COLUMNS.filter((c) => !c.wideOnly) : COLUMNS;
}

/** CSS grid columns shared by the header and every row. */
export function gridColumns(compact: boolean): string {
  return visibleColumns(compact)
    .map((c) => c.width)
    .join(' ');
}

export const ROW_HEIGHT = 34;
