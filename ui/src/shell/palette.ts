/**
 * What the command palette offers for a query: jumps to an id (checkout or customer) and
 * actions whose label matches every word typed. Pure, so the ranking is tested without
 * a DOM; the palette component supplies the actions and runs the chosen item.
 */

export interface PaletteItem {
  key: string;
  label: string;
  /** Second line: what the item will do or what the cache knows about the id. */
  hint?: string;
  run: () => void | Promise<void>;
}

/** What the local cache knows about an id (filled in asynchronously by the palette). */
export interface IdMatch {
  checkout: string | null;
  customer: string | null;
}

const ID_RE = /^[A-Za-z0-9_-]{6,128}$/;

/** A query that could be a checkout or customer id: one token, with a digit or long. */
export function looksLikeId(query: string): boolean {
  const q = query.trim();
  return ID_RE.test(q) && (/\d/.test(q) || q.length >= 16);
}

/** Every word of the query occurs in the label (case-insensitive). */
export function matches(label: string, query: string): boolean {
  const hay = label.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

export interface JumpTargets {
  openCheckout: (id: string) => void;
  openCustomer: (id: string) => void;
}

/**
 * Items for a query. For an id: the kinds the cache knows first (with what it knows as
 * the hint); an id the cache does not know is offered as both kinds, the view fetches it.
 */
export function paletteItems(
  query: string,
  actions: PaletteItem[],
  jump: JumpTargets,
  known: IdMatch | null,
): PaletteItem[] {
  const q = query.trim();
  const items: PaletteItem[] = [];
  if (looksLikeId(q)) {
    const checkout: PaletteItem = {
      key: `checkout:${q}`,
      label: `Open checkout ${q}`,
      hint: known?.checkout ?? 'Not in the local cache: the Checkouts view looks it up',
      run: () => jump.openCheckout(q),
    };
    const customer: PaletteItem = {
      key: `customer:${q}`,
      label: `Open customer ${q}`,
      hint: known?.customer ?? 'Not in the local cache: the Customers view looks it up',
      run: () => jump.openCustomer(q),
    };
    if (known?.customer && !known.checkout) items.push(customer, checkout);
    else if (known?.checkout && !known.customer) items.push(checkout, customer);
    else items.push(checkout, customer);
  }
  const matching = q === '' ? actions : actions.filter((a) => matches(a.label, q));
  return [...items, ...matching];
}
