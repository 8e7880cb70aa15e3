/**
 * Which view is showing and which object it should open. The shell's navigation, the
 * command palette and views that link to each other (a customer's checkouts) all go
 * through `nav.open`, so "open checkout X" means the same thing everywhere.
 */

export type ViewName = 'overview' | 'checkouts' | 'customers' | 'audit' | 'profiles' | 'system';

export const VIEWS: ReadonlyArray<{ id: ViewName; label: string }> = [
  { id: 'overview', label: 'Overview' },
  { id: 'checkouts', label: 'Checkouts' },
  { id: 'customers', label: 'Customers' },
  { id: 'audit', label: 'Audit' },
  { id: 'profiles', label: 'Profiles & keys' },
  { id: 'system', label: 'System' },
];

/**
 * Filters another view asks the Checkouts view to start with (a chart's bar, a top
 * customer). Dates are local days, inclusive, like the list's custom range.
 */
export interface CheckoutsFilter {
  datePreset?: 'today' | '7d' | '30d' | '90d' | 'all' | 'custom';
  statuses?: string[];
  currency?: string;
  customer?: string;
  customFrom?: string;
  customTo?: string;
}

export function viewLabel(view: ViewName): string {
  return VIEWS.find((v) => v.id === view)?.label ?? view;
}

class Nav {
  view = $state<ViewName>('checkouts');
  /** The checkout the Checkouts view shows in its detail panel (null = none). */
  selectedCheckoutId = $state<string | null>(null);
  /** The customer the Customers view shows in its detail panel (null = none). */
  selectedCustomerId = $state<string | null>(null);

  /** Set by `openCheckouts`, taken (and cleared) by the Checkouts view. */
  checkoutsFilter = $state<CheckoutsFilter | null>(null);

  /** Shows the checkout list with exactly these filters (the others cleared). */
  openCheckouts(filter: CheckoutsFilter) {
    this.checkoutsFilter = filter;
    this.selectedCheckoutId = null;
    this.view = 'checkouts';
  }

  /** The pending filter, once. */
  takeCheckoutsFilter(): CheckoutsFilter | null {
    const f = this.checkoutsFilter;
    this.checkoutsFilter = null;
    return f;
  }

  /**
   * Shows a view; with an id, also selects that object in it (`null` clears the
   * selection; no id leaves the selection as it was).
   */
  open(view: ViewName, id?: string | null) {
    this.view = view;
    if (id === undefined) return;
    if (view === 'checkouts') this.selectedCheckoutId = id;
    else if (view === 'customers') this.selectedCustomerId = id;
  }

  /** Ids belong to one (profile, mode): a change of either forgets them. */
  clearSelection() {
    this.selectedCheckoutId = null;
    this.selectedCustomerId = null;
  }
}

export const nav = new Nav();
