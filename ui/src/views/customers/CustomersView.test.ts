import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerRow } from '../../lib/bindings/CustomerRow';
import { nav } from '../../lib/nav.svelte';
import { session } from '../../lib/session.svelte';
import { makeProfile, resetShellState } from '../../shell/testing';
import CustomersView from './CustomersView.svelte';

const ANN: CustomerRow = {
  profileId: 'acme',
  mode: 'test',
  id: 'a11ce000a11ce000a11ce000a11ce000',
  firstName: 'Ann',
  lastName: 'Berg',
  email: 'ann@example.se',
  clientPage: 'http://127.0.0.1:4010/client/tok123',
  savedCards: [{ cardId: 'c1', brand: 'visa', last4: '4242', expiry: '12/28', isDefault: true }],
  metadata: { tier: 'gold' },
  createdAt: '2026-11-20T10:00:00Z',
  lastSyncedAt: '2026-11-21T10:00:00Z',
  deleted: false,
  deletedAt: null,
};

type Call = { cmd: string; args: Record<string, unknown> };

function backend() {
  const calls: Call[] = [];
  let customers: CustomerRow[] = [ANN];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_customers':
        return customers;
      case 'get_customer': {
        const c = customers.find((x) => x.id === args.id);
        if (!c) throw { code: 'not_found', message: 'not cached', field: null };
        return c;
      }
      case 'list_checkouts':
        return {
          rows: [{ id: 'c0ffee01', status: 'paid', amountFormatted: '30.00 SEK', createdAt: '2026-11-21T09:00:00Z' }],
          nextCursor: null,
          totals: { count: 1, perCurrency: [] },
        };
      case 'create_customer': {
        const form = args.form as { firstName: string; lastName: string; email: string; metadata: Record<string, unknown> };
        const row: CustomerRow = { ...ANN, id: 'b0b0b0b0', ...form, metadata: {}, clientPage: null, savedCards: [] };
        customers = [...customers, row];
        return row;
      }
      case 'delete_customer':
        customers = customers.filter((c) => c.id !== args.id);
        return null;
      case 'plugin:opener|open_url':
        return null;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return calls;
}

describe('Customers view', () => {
  beforeEach(() => {
    resetShellState();
    session.setProfiles([makeProfile({ id: 'acme', name: 'Acme AB' })]);
    nav.open('customers');
  });
  afterEach(() => clearMocks());

  it('validates inline, then creates and opens the customer', async () => {
    const calls = backend();
    render(CustomersView);
    await userEvent.click(screen.getByTestId('customer-new'));
    await userEvent.click(screen.getByTestId('customer-create-submit'));
    expect(screen.getByTestId('customer-first-error')).toHaveTextContent('Required');
    expect(screen.getByTestId('customer-email-error')).toHaveTextContent('Required');
    await userEvent.type(screen.getByTestId('customer-first'), 'Bo');
    await userEvent.type(screen.getByTestId('customer-last'), 'Ek');
    await userEvent.type(screen.getByTestId('customer-email'), 'bo@ek');
    expect(screen.getByTestId('customer-email-error')).toHaveTextContent('dot after the @');
    await userEvent.type(screen.getByTestId('customer-email'), '.se');
    expect(screen.queryByTestId('customer-email-error')).toBeNull();
    await userEvent.click(screen.getByTestId('metadata-add'));
    await userEvent.type(screen.getByTestId('metadata-key'), 'source');
    await userEvent.type(screen.getByTestId('metadata-value'), 'desk');
    await userEvent.click(screen.getByTestId('customer-create-submit'));

    await waitFor(() => expect(nav.selectedCustomerId).toBe('b0b0b0b0'));
    const create = calls.find((c) => c.cmd === 'create_customer');
    expect(create?.args).toEqual({
      scope: { profile: 'acme', mode: 'test' },
      liveConfirmed: false,
      form: { firstName: 'Bo', lastName: 'Ek', email: 'bo@ek.se', metadata: { source: 'desk' } },
    });
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Bo Ek');
  });

  it('shows cards, the client page (opened in the browser) and cached checkouts', async () => {
    const calls = backend();
    nav.open('customers', ANN.id);
    render(CustomersView);
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('Ann Berg');
    expect(screen.getByTestId('saved-cards')).toHaveTextContent('Visa •••• 4242, expires 12/28');
    expect(screen.getByTestId('customer-client-link')).toHaveTextContent('http://127.0.0.1:4010/client/tok123');
    await userEvent.click(screen.getByTestId('customer-client-open'));
    expect(await screen.findByTestId('customer-client-status')).toHaveTextContent('Opened in your browser.');
    expect(calls.find((c) => c.cmd === 'plugin:opener|open_url')?.args.url).toBe('http://127.0.0.1:4010/client/tok123');

    const q = calls.find((c) => c.cmd === 'list_checkouts')?.args.query as Record<string, unknown>;
    expect(q).toMatchObject({ profileId: 'acme', mode: 'test', customerId: ANN.id });
    await userEvent.click(await screen.findByTestId('customer-checkout'));
    expect(nav.view).toBe('checkouts');
    expect(nav.selectedCheckoutId).toBe('c0ffee01');
  });

  it('deletes only after the e-mail is typed, and confirms live', async () => {
    const calls = backend();
    session.setMode('live');
    nav.open('customers', ANN.id);
    render(CustomersView);
    await userEvent.click(await screen.findByTestId('customer-delete'));
    const dialog = screen.getByTestId('customer-delete-confirm');
    expect(within(dialog).getByTestId('customer-delete-confirm-live')).toHaveTextContent('LIVE');
    const confirm = within(dialog).getByTestId('customer-delete-confirm-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByTestId('customer-delete-confirm-type'), 'ann@example.s');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByTestId('customer-delete-confirm-type'), 'e');
    await userEvent.click(confirm);
    await waitFor(() => expect(nav.selectedCustomerId).toBeNull());
    expect(calls.find((c) => c.cmd === 'delete_customer')?.args).toEqual({
      scope: { profile: 'acme', mode: 'live' },
      liveConfirmed: true,
      id: ANN.id,
    });
  });

  it('asks before creating a customer in LIVE and sends liveConfirmed only then', async () => {
    const calls = backend();
    session.setMode('live');
    render(CustomersView);
    await userEvent.click(screen.getByTestId('customer-new'));
    await userEvent.type(screen.getByTestId('customer-first'), 'Liv');
    await userEvent.type(screen.getByTestId('customer-last'), 'Kund');
    await userEvent.type(screen.getByTestId('customer-email'), 'liv@kund.se');
    await userEvent.click(screen.getByTestId('customer-create-submit'));
    const ask = await screen.findByTestId('customer-create-live');
    expect(ask).toHaveTextContent('LIVE account of Acme AB');
    expect(calls.some((c) => c.cmd === 'create_customer')).toBe(false);
    await userEvent.click(within(ask).getByTestId('customer-create-live-confirm'));
    await waitFor(() => expect(nav.selectedCustomerId).toBe('b0b0b0b0'));
    expect(calls.find((c) => c.cmd === 'create_customer')?.args).toMatchObject({
      scope: { profile: 'acme', mode: 'live' },
      liveConfirmed: true,
    });
  });

  it('turns writes off in a read-only live mode', async () => {
    backend();
    session.setProfiles([makeProfile({ id: 'acme', name: 'Acme AB', guardRails: { liveReadOnly: true, liveRefundCap: null } })]);
    session.setMode('live');
    render(CustomersView);
    expect(screen.getByTestId('customer-new')).toBeDisabled();
    expect(screen.getByTestId('customers-readonly')).toHaveTextContent('LIVE is read-only for Acme AB');
  });

  it('searches the cache as you type', async () => {
    const calls = backend();
    render(CustomersView);
    await userEvent.type(screen.getByTestId('customer-search'), 'berg');
    await waitFor(() =>
      expect(calls.some((c) => c.cmd === 'list_customers' && (c.args.query as { search: string }).search === 'berg')).toBe(true),
    );
  });
});
