import { getCheckout } from '../lib/api/checkouts';
import { getCustomer } from '../lib/api/customers';
import type { Scope } from '../lib/bindings/Scope';
import type { IdMatch } from './palette';

/** What the local cache knows about an id, as palette hints (cache only: works offline). */
export async function resolveId(scope: Scope, id: string): Promise<IdMatch> {
  const [checkout, customer] = await Promise.allSettled([getCheckout(scope, id), getCustomer(scope, id)]);
  return {
    checkout:
      checkout.status === 'fulfilled'
        ? `Cached checkout · ${checkout.value.row.status} · ${checkout.value.row.amountFormatted}`
        : null,
    customer:
      customer.status === 'fulfilled'
        ? `Cached customer · ${customer.value.firstName} ${customer.value.lastName} · ${customer.value.email}`
        : null,
  };
}
