import type { CustomerForm } from '../bindings/CustomerForm';
import type { CustomerQuery } from '../bindings/CustomerQuery';
import type { CustomerRow } from '../bindings/CustomerRow';
import type { Scope } from '../bindings/Scope';
import type { WriteArgs } from './checkouts';
import { call } from './invoke';

export const listCustomers = (query: CustomerQuery) => call<CustomerRow[]>('list_customers', { query });
/** Cache only: works offline. */
export const getCustomer = (scope: Scope, id: string) => call<CustomerRow>('get_customer', { scope, id });
export const refreshCustomer = (scope: Scope, id: string) => call<CustomerRow>('refresh_customer', { scope, id });
export const createCustomer = (w: WriteArgs, form: CustomerForm) => call<CustomerRow>('create_customer', { ...w, form });
export const deleteCustomer = (w: WriteArgs, id: string) => call<void>('delete_customer', { ...w, id });
