import type { JsonValue } from '../../lib/bindings/serde_json/JsonValue';

export interface SavedCard {
  cardId: string | null;
  brand: string | null;
  last4: string | null;
  expiry: string | null;
  isDefault: boolean;
}

function str(v: JsonValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** The cached `savedCards` (`[{cardId, brand, last4, expiry, isDefault}]`), read defensively. */
export function parseSavedCards(cards: JsonValue[]): SavedCard[] {
  const out: SavedCard[] = [];
  for (const c of cards) {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) continue;
    const o = c as { [key: string]: JsonValue | undefined };
    out.push({
      cardId: str(o.cardId ?? o.card_id),
      brand: str(o.brand),
      last4: str(o.last4),
      expiry: str(o.expiry),
      isDefault: o.isDefault === true || o.default === true,
    });
  }
  return out;
}

/** "Visa •••• 4242, expires 12/28". */
export function cardLabel(card: SavedCard): string {
  const brand = card.brand ? card.brand.charAt(0).toUpperCase() + card.brand.slice(1) : 'Card';
  const digits = card.last4 ? ` •••• ${card.last4}` : '';
  const expiry = card.expiry ? `, expires ${card.expiry}` : '';
  return `${brand}${digits}${expiry}`;
}
