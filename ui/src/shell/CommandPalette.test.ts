import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nav } from '../lib/nav.svelte';
import { session } from '../lib/session.svelte';
import CommandPalette from './CommandPalette.svelte';
import Keyboard from './Keyboard.svelte';
import { shell } from './shellState.svelte';
import { makeProfile, resetShellState } from './testing';

const CHECKOUT = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const CUSTOMER = 'a11ce000a11ce000a11ce000a11ce000';

function cache() {
  mockIPC((cmd, args) => {
    const id = (args as { id?: string }).id;
    if (cmd === 'get_checkout' && id === CHECKOUT) {
      return { row: { id, status: 'paid', amountFormatted: '30.00 SEK' } };
    }
    if (cmd === 'get_customer' && id === CUSTOMER) {
      return { id, firstName: 'Ann', lastName: 'Berg', email: 'ann@example.se' };
    }
    throw { code: 'not_found', message: `${cmd} ${id} is not cached`, field: null };
  });
}

describe('command palette', () => {
  beforeEach(() => {
    resetShellState();
    session.setProfiles([makeProfile({ id: 'acme', name: 'Acme AB' }), makeProfile({ id: 'bolt', name: 'Bolt Ltd' })]);
    nav.open('system');
    cache();
  });
  afterEach(() => clearMocks());

  function mount() {
    render(Keyboard);
    render(CommandPalette);
  }

  it('opens on Ctrl+K and jumps to a checkout id', async () => {
    mount();
    expect(screen.queryByTestId('palette-input')).toBeNull();
    await userEvent.keyboard('{Control>}k{/Control}');
    const input = await screen.findByTestId('palette-input');
    await waitFor(() => expect(input).toHaveFocus());
    await userEvent.type(input, CHECKOUT);
    await waitFor(() => expect(screen.getAllByTestId('palette-item')[0]).toHaveTextContent('paid · 30.00 SEK'));
    await userEvent.keyboard('{Enter}');
    expect(nav.view).toBe('checkouts');
    expect(nav.selectedCheckoutId).toBe(CHECKOUT);
    expect(shell.paletteOpen).toBe(false);
  });

  it('puts a cached customer first and opens it in Customers', async () => {
    mount();
    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(await screen.findByTestId('palette-input'), CUSTOMER);
    await waitFor(() => expect(screen.getAllByTestId('palette-item')[0]).toHaveTextContent(`Open customer ${CUSTOMER}`));
    await userEvent.keyboard('{Enter}');
    expect(nav.view).toBe('customers');
    expect(nav.selectedCustomerId).toBe(CUSTOMER);
  });

  it('runs an action chosen with the arrow keys', async () => {
    mount();
    await userEvent.keyboard('{Meta>}k{/Meta}');
    await userEvent.type(await screen.findByTestId('palette-input'), 'go to');
    expect(screen.getAllByTestId('palette-item').map((i) => i.dataset.key)).toEqual([
      'view:overview',
      'view:checkouts',
      'view:customers',
      'view:audit',
      'view:profiles',
      'view:system',
    ]);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    expect(nav.view).toBe('audit');
  });

  it('switches profile from the palette', async () => {
    mount();
    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(await screen.findByTestId('palette-input'), 'bolt');
    expect(screen.getAllByTestId('palette-item').map((i) => i.dataset.key)).toEqual(['profile:bolt']);
    await userEvent.keyboard('{Enter}');
    expect(session.profileId).toBe('bolt');
    expect(session.mode).toBe('test');
  });

  it('asks before a palette switch to LIVE', async () => {
    mount();
    await userEvent.keyboard('{Control>}k{/Control}');
    await userEvent.type(await screen.findByTestId('palette-input'), 'live mode');
    await userEvent.keyboard('{Enter}');
    expect(session.mode).toBe('test');
    expect(shell.askingLiveFor).toBe('acme');
  });

  it('leaves / and ? alone while typing in the palette', async () => {
    mount();
    await userEvent.keyboard('{Control>}k{/Control}');
    const input = await screen.findByTestId('palette-input');
    await userEvent.type(input, 'a/b?');
    expect(input).toHaveValue('a/b?');
    expect(shell.helpOpen).toBe(false);
  });

  it('does not open over another dialog (a refund half-way)', async () => {
    mount();
    const other = document.createElement('dialog');
    other.setAttribute('open', '');
    document.body.append(other);
    await userEvent.keyboard('{Control>}k{/Control}');
    expect(shell.paletteOpen).toBe(false);
    other.remove();
    await userEvent.keyboard('{Control>}k{/Control}');
    expect(shell.paletteOpen).toBe(true);
  });
});
