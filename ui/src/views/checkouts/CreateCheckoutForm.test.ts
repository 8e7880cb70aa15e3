import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutForm } from '../../lib/bindings/CheckoutForm';
import { session } from '../../lib/session.svelte';
import CreateCheckoutForm from './CreateCheckoutForm.svelte';
import { CURRENCIES, profile, row } from './testData';

function setup(create: (form: CheckoutForm) => unknown) {
  const sent: { form: CheckoutForm; liveConfirmed: boolean }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'create_checkout') {
      const a = args as unknown as { form: CheckoutForm; liveConfirmed: boolean };
      sent.push(a);
      return create(a.form);
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  const oncreated = vi.fn();
  render(CreateCheckoutForm, { open: true, currencies: CURRENCIES, blocked: null, onclose: vi.fn(), oncreated });
  return { sent, oncreated };
}

async function fillRequired() {
  await userEvent.type(screen.getByTestId('create-amount'), '30');
  await userEvent.type(screen.getByTestId('create-message'), 'Order 1001');
  await userEvent.type(screen.getByTestId('create-return-url'), 'https://shop.example/ok');
  await userEvent.type(screen.getByTestId('create-cancel-url'), 'https://shop.example/cancel');
}

describe('CreateCheckoutForm', () => {
  beforeEach(() => {
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
    session.offline = false;
  });
  afterEach(() => clearMocks());

  it('validates inline before anything is sent', async () => {
    const { sent } = setup(() => row(1));
    await userEvent.type(screen.getByTestId('create-card'), 'card_1');
    await userEvent.click(screen.getByTestId('create-submit'));
    expect(sent).toHaveLength(0);
    expect(screen.getByTestId('create-error-amount')).toHaveTextContent('Enter an amount');
    expect(screen.getByTestId('create-error-returnUrl')).toHaveTextContent('Required');
    expect(screen.getByTestId('create-error-cardId')).toHaveTextContent('Needs a customer id');
    expect(screen.getByTestId('create-card')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends every field, a reserve-only checkout in minor units, and hands back the new row', async () => {
    const created = row(42, { status: 'created' });
    const { sent, oncreated } = setup(() => created);
    await fillRequired();
    await userEvent.type(screen.getByTestId('create-identifier'), 'order-1001');
    await userEvent.click(screen.getByTestId('create-reserve-only'));
    await userEvent.click(screen.getByTestId('create-method-card'));
    await userEvent.click(screen.getByLabelText('visa'));
    await userEvent.click(screen.getByTestId('create-meta-add'));
    await userEvent.type(screen.getByTestId('create-meta-key'), 'order');
    await userEvent.type(screen.getByTestId('create-meta-value'), '1001');
    await userEvent.click(screen.getByTestId('create-submit'));
    expect(sent).toEqual([
      {
        scope: { profile: 'p1', mode: 'test' },
        liveConfirmed: false,
        form: {
          amount: 3000,
          currency: 'SEK',
          message: 'Order 1001',
          returnUrl: 'https://shop.example/ok',
          returnUrlCancel: 'https://shop.example/cancel',
          identifier: 'order-1001',
          capture: false,
          allowSaveCard: true,
          customerId: null,
          cardId: null,
          template: null,
          metadata: { order: '1001' },
          paymentMethods: [{ method: 'card', brands: ['visa'] }],
        },
      },
    ]);
    expect(oncreated).toHaveBeenCalledWith(created);
  });

  it("highlights the field the server names and shows the server's message", async () => {
    setup(() => Promise.reject({ code: 'invalid_input', message: 'returnUrlCancel: must have a host', field: 'returnUrlCancel' }));
    await fillRequired();
    await userEvent.click(screen.getByTestId('create-submit'));
    expect(await screen.findByTestId('create-result')).toHaveTextContent('returnUrlCancel: must have a host');
    expect(screen.getByTestId('create-cancel-url')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('create-return-url')).not.toHaveAttribute('aria-invalid');
  });

  it('in live mode confirms with the typed amount before sending', async () => {
    session.setMode('live');
    const { sent } = setup(() => row(1, { mode: 'live' }));
    await fillRequired();
    await userEvent.click(screen.getByTestId('create-submit'));
    expect(sent).toHaveLength(0);
    await userEvent.type(screen.getByTestId('create-confirm-type'), '30.00');
    await userEvent.click(screen.getByTestId('create-confirm-confirm'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.liveConfirmed).toBe(true);
  });
});
