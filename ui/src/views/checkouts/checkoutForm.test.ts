import { describe, expect, it } from 'vitest';
import { buildCheckoutForm, emptyValues, formFieldOf, type CheckoutValues } from './checkoutForm';
import { newRow } from './metadata';
import { CURRENCIES } from './testData';

const valid = (over: Partial<CheckoutValues> = {}): CheckoutValues => ({
  ...emptyValues(),
  amount: '30',
  message: 'Order 1001',
  returnUrl: 'https://shop.example/ok',
  returnUrlCancel: 'https://shop.example/cancel',
  ...over,
});

describe('buildCheckoutForm', () => {
  it('builds the documented fields, amount in minor units', () => {
    const built = buildCheckoutForm(
      valid({
        identifier: ' order-1001 ',
        reserveOnly: true,
        allowSaveCard: false,
        customerId: 'cus1',
        cardId: 'card1',
        iframe: true,
        metadata: [{ ...newRow(), key: 'order', value: '1001' }],
        methods: ['swish', 'card'],
        cardBrands: ['amex', 'visa'],
      }),
      CURRENCIES,
    );
    expect(built.ok && built.form).toEqual({
      amount: 3000,
      currency: 'SEK',
      message: 'Order 1001',
      returnUrl: 'https://shop.example/ok',
      returnUrlCancel: 'https://shop.example/cancel',
      identifier: 'order-1001',
      capture: false,
      allowSaveCard: false,
      customerId: 'cus1',
      cardId: 'card1',
      template: 'iframe',
      metadata: { order: '1001' },
      paymentMethods: [
        { method: 'card', brands: ['visa', 'amex'] },
        { method: 'swish', brands: [] },
      ],
    });
  });

  it('names each field at fault', () => {
    const built = buildCheckoutForm(
      valid({ amount: '30.505', message: ' ', returnUrl: 'ftp://x', returnUrlCancel: '', cardId: 'card1', cardBrands: ['visa'] }),
      CURRENCIES,
    );
    expect(built.errors).toEqual({
      amount: 'At most 2 decimals',
      message: 'Required: the buyer sees it on the payment page',
      returnUrl: 'Must start with https:// (or http://)',
      returnUrlCancel: 'Required',
      cardId: 'Needs a customer id: a saved card belongs to a customer',
      paymentMethods: 'Card brands need the card method',
    });
    expect(buildCheckoutForm(valid({ currency: 'JPY', amount: '500' }), CURRENCIES)).toMatchObject({
      ok: true,
      form: { amount: 500, currency: 'JPY' },
    });
  });

  it('maps server field names onto the form', () => {
    expect(formFieldOf('card_id')).toBe('cardId');
    expect(formFieldOf('metaData.nested')).toBe('metadata');
    expect(formFieldOf('paymentMethods.brands')).toBe('paymentMethods');
    expect(formFieldOf('returnUrlCancel')).toBe('returnUrlCancel');
    expect(formFieldOf('something')).toBeNull();
  });
});
