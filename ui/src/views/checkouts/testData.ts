/** Fixtures for the checkout view's component tests (not imported by the app). */
import type { CheckoutDetail } from '../../lib/bindings/CheckoutDetail';
import type { CheckoutRow } from '../../lib/bindings/CheckoutRow';
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';
import type { ListPage } from '../../lib/bindings/ListPage';
import type { ListQuery } from '../../lib/bindings/ListQuery';
import type { Profile } from '../../lib/bindings/Profile';
import { formatMinor } from '../../lib/money';

export const CURRENCIES: CurrencyInfo[] = [
  { code: 'SEK', name: 'Swedish krona', exponent: 2 },
  { code: 'EUR', name: 'Euro', exponent: 2 },
  { code: 'JPY', name: 'Japanese yen', exponent: 0 },
];

export function profile(over: Partial<Profile> = {}): Profile {
  return {
    id: 'p1',
    name: 'Shop',
    color: '#4f46e5',
    baseUrl: 'http://127.0.0.1:9999',
    guardRails: { liveReadOnly: false, liveRefundCap: null },
    isSandbox: true,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    ...over,
  };
}

export function row(index: number, over: Partial<CheckoutRow> = {}): CheckoutRow {
  const amount = over.amount ?? 1000 + index;
  const refunded = over.refunded ?? 0;
  const currency = over.currency ?? 'SEK';
  const base: CheckoutRow = {
    profileId: 'p1',
    mode: 'test',
    id: `c${String(index).padStart(7, '0')}`,
    identifier: `order-${index}`,
    status: 'paid',
    isFinal: false,
    amount,
    refunded,
    remainingRefundable: amount - refunded,
    currency,
    amountFormatted: formatMinor(amount, currency, 2),
    refundedFormatted: formatMinor(refunded, currency, 2),
    message: `Order ${index}`,
    customerId: null,
    link: `http://127.0.0.1:9999/pay/c${index}`,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    lastSyncedAt: new Date().toISOString(),
    metadata: {},
  };
  return { ...base, ...over };
}

/** A list_checkouts answer over `total` generated rows. */
export function page(query: ListQuery, total: number): ListPage {
  const end = Math.min(total, query.offset + query.limit);
  const rows = [];
  for (let i = query.offset; i < end; i++) rows.push(row(i));
  return {
    rows,
    nextCursor: null,
    totals: {
      count: total,
      perCurrency:
        total === 0
          ? []
          : [
              {
                currency: 'SEK',
                count: total,
                amount: total * 1000,
                refunded: 0,
                amountFormatted: formatMinor(total * 1000, 'SEK', 2),
                refundedFormatted: '0.00 SEK',
              },
            ],
    },
  };
}

export function detail(r: CheckoutRow, over: Partial<CheckoutDetail> = {}): CheckoutDetail {
  return {
    row: r,
    events: [],
    refunds: [],
    actions: { capture: 'only a reserved checkout can do this; this one is paid', release: 'only a reserved checkout can do this; this one is paid', refund: null, delete: 'only a created (unpaid) checkout can do this; this one is paid' },
    unsettled: null,
    raw: { checkout_id: r.id, status: r.status, amount: r.amount, currency: r.currency },
    ...over,
  };
}

/** Lets pending promises and Svelte updates settle. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
