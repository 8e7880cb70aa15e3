import type { CheckoutDetail } from '../bindings/CheckoutDetail';
import type { CheckoutForm } from '../bindings/CheckoutForm';
import type { CheckoutPage } from '../bindings/CheckoutPage';
import type { CheckoutRow } from '../bindings/CheckoutRow';
import type { ListPage } from '../bindings/ListPage';
import type { ListQuery } from '../bindings/ListQuery';
import type { MetadataChange } from '../bindings/MetadataChange';
import type { RefundForm } from '../bindings/RefundForm';
import type { Scope } from '../bindings/Scope';
import type { Totals } from '../bindings/Totals';
import { call } from './invoke';

/** Writes carry `liveConfirmed`: in live mode the desk refuses them unless the user confirmed. */
export interface WriteArgs {
  scope: Scope;
  liveConfirmed: boolean;
}

/** A page and the totals of everything the filters match, in one call. */
export const listCheckouts = (query: ListQuery) => call<ListPage>('list_checkouts', { query });
/** Only the rows (the list's pages). */
export const checkoutPage = (query: ListQuery) => call<CheckoutPage>('checkout_page', { query });
/** Only the totals (asked beside the first page, so rows never wait for them). */
export const checkoutTotals = (query: ListQuery) => call<Totals>('checkout_totals', { query });
/** Only how many rows match (an index-only count where the filters allow it). */
export const countCheckouts = (query: ListQuery) => call<number>('count_checkouts', { query });
/** Cache only: works offline. */
export const getCheckout = (scope: Scope, id: string) => call<CheckoutDetail>('get_checkout', { scope, id });
export const refreshCheckout = (scope: Scope, id: string) => call<CheckoutRow>('refresh_checkout', { scope, id });
export const createCheckout = (w: WriteArgs, form: CheckoutForm) => call<CheckoutRow>('create_checkout', { ...w, form });
export const captureCheckout = (w: WriteArgs, id: string) => call<CheckoutRow>('capture_checkout', { ...w, id });
export const releaseCheckout = (w: WriteArgs, id: string) => call<CheckoutRow>('release_checkout', { ...w, id });
export const refundCheckout = (w: WriteArgs, form: RefundForm) => call<CheckoutRow>('refund_checkout', { ...w, form });
export const updateMetadata = (w: WriteArgs, change: MetadataChange) =>
  call<CheckoutRow>('update_metadata', { ...w, change });
export const deleteCheckout = (w: WriteArgs, id: string) => call<void>('delete_checkout', { ...w, id });
