/**
 * The create-checkout form: values as typed, inline checks (the same rules the client
 * library applies, so most mistakes never reach the server) and the mapping of the
 * server's field names back onto the form's inputs.
 */
import type { CheckoutForm } from '../../lib/bindings/CheckoutForm';
import type { CurrencyInfo } from '../../lib/bindings/CurrencyInfo';
import type { PaymentMethodForm } from '../../lib/bindings/PaymentMethodForm';
import { parseMajor } from '../../lib/money';
import { checkRows, type MetaRow } from './metadata';

export const METHODS = ['card', 'swish', 'trustly', 'paypal'] as const;
export const CARD_BRANDS = [
  'visa',
  'mastercard',
  'amex',
  'maestro',
  'discover',
  'diners',
  'jcb',
  'unionpay',
  'bancontact',
  'carte_bancaire',
] as const;

export type FormField =
  | 'amount'
  | 'currency'
  | 'message'
  | 'returnUrl'
  | 'returnUrlCancel'
  | 'identifier'
  | 'customerId'
  | 'cardId'
  | 'template'
  | 'metadata'
  | 'paymentMethods';

export interface CheckoutValues {
  amount: string;
  currency: string;
  message: string;
  returnUrl: string;
  returnUrlCancel: string;
  identifier: string;
  /** "Reserve only": capture = false. */
  reserveOnly: boolean;
  allowSaveCard: boolean;
  customerId: string;
  cardId: string;
  iframe: boolean;
  metadata: MetaRow[];
  methods: string[];
  cardBrands: string[];
}

export function emptyValues(currency = 'SEK'): CheckoutValues {
  return {
    amount: '',
    currency,
    message: '',
    returnUrl: '',
    returnUrlCancel: '',
    identifier: '',
    reserveOnly: false,
    allowSaveCard: true,
    customerId: '',
    cardId: '',
    iframe: false,
    metadata: [],
    methods: [],
    cardBrands: [],
  };
}

const MAX_MESSAGE = 1000;
const MAX_IDENTIFIER = 255;
const MAX_URL = 2048;

function urlError(text: string): string | null {
  const s = text.trim();
  if (s === '') return 'Required';
  if (s.length > MAX_URL) return `At most ${MAX_URL} characters`;
  if (/\s/.test(s)) return 'Must not contain spaces';
  if (!/^https?:\/\//i.test(s)) return 'Must start with https:// (or http://)';
  try {
    const u = new URL(s);
    if (!u.hostname) return 'Needs a host';
  } catch {
    return 'Not a valid URL';
  }
  return null;
}

function idError(text: string): string | null {
  const s = text.trim();
  if (s.length > 128) return 'At most 128 characters';
  if (/\s/.test(s)) return 'Must not contain spaces';
  return null;
}

export type Built = { ok: true; form: CheckoutForm; errors: Partial<Record<FormField, string>> } | { ok: false; errors: Partial<Record<FormField, string>> };

export function buildCheckoutForm(v: CheckoutValues, currencies: readonly CurrencyInfo[]): Built {
  const errors: Partial<Record<FormField, string>> = {};
  const currency = currencies.find((c) => c.code === v.currency);
  let amount = 0;
  if (!currency) errors.currency = 'Pick a currency';
  else {
    const parsed = parseMajor(v.amount, currency.exponent);
    if (parsed.ok) amount = parsed.minor;
    else errors.amount = parsed.error;
  }
  if (v.message.trim() === '') errors.message = 'Required: the buyer sees it on the payment page';
  else if ([...v.message].length > MAX_MESSAGE) errors.message = `At most ${MAX_MESSAGE} characters`;
  const ret = urlError(v.returnUrl);
  if (ret) errors.returnUrl = ret;
  const cancel = urlError(v.returnUrlCancel);
  if (cancel) errors.returnUrlCancel = cancel;
  if ([...v.identifier.trim()].length > MAX_IDENTIFIER) errors.identifier = `At most ${MAX_IDENTIFIER} characters`;
  const customerError = idError(v.customerId);
  if (customerError) errors.customerId = customerError;
  const cardError = idError(v.cardId);
  if (cardError) errors.cardId = cardError;
  else if (v.cardId.trim() !== '' && v.customerId.trim() === '') {
    errors.cardId = 'Needs a customer id: a saved card belongs to a customer';
  }
  const meta = checkRows({}, v.metadata);
  if (meta.rowErrors.size > 0) errors.metadata = [...meta.rowErrors.values()][0];
  else if (meta.errors.length > 0) errors.metadata = meta.errors[0];
  if (v.cardBrands.length > 0 && !v.methods.includes('card')) {
    errors.paymentMethods = 'Card brands need the card method';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const paymentMethods: PaymentMethodForm[] = METHODS.filter((m) => v.methods.includes(m)).map((method) => ({
    method,
    brands: method === 'card' ? CARD_BRANDS.filter((b) => v.cardBrands.includes(b)) : [],
  }));
  const blank = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    ok: true,
    errors,
    form: {
      amount,
      currency: v.currency,
      message: v.message.trim(),
      returnUrl: v.returnUrl.trim(),
      returnUrlCancel: v.returnUrlCancel.trim(),
      identifier: blank(v.identifier),
      capture: !v.reserveOnly,
      allowSaveCard: v.allowSaveCard,
      customerId: blank(v.customerId),
      cardId: blank(v.cardId),
      template: v.iframe ? 'iframe' : null,
      metadata: meta.change.set,
      paymentMethods,
    },
  };
}

/** The form input a server-side `field` names (`card_id` → cardId, `metaData.k` → metadata). */
export function formFieldOf(serverField: string | null | undefined): FormField | null {
  if (!serverField) return null;
  const head = serverField.split('.')[0] ?? serverField;
  const map: Record<string, FormField> = {
    amount: 'amount',
    currency: 'currency',
    message: 'message',
    returnUrl: 'returnUrl',
    returnUrlCancel: 'returnUrlCancel',
    identifier: 'identifier',
    customer_id: 'customerId',
    customerId: 'customerId',
    card_id: 'cardId',
    cardId: 'cardId',
    template: 'template',
    metaData: 'metadata',
    metadata: 'metadata',
    paymentMethods: 'paymentMethods',
  };
  return map[head] ?? null;
}
