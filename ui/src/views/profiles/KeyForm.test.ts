import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../lib/bindings/KeyStatus';
import keyFormSource from './KeyForm.svelte?raw';
import KeysPanel from './KeysPanel.svelte';

const SECRET = 'npsb_live_0123456789abcdef0123456789abcd42';

type Calls = { cmd: string; args: Record<string, unknown> }[];

/** key_statuses answers from `stored`; set_key stores the masked form only. */
function backend(opts: { failSet?: boolean; holdSet?: Promise<void> } = {}) {
  const calls: Calls = [];
  const stored: Record<string, string | null> = { test: '…9f00', live: null };
  mockIPC(async (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === 'key_statuses') {
      return (['test', 'live'] as const).map(
        (mode): KeyStatus => ({ mode, present: stored[mode] != null, masked: stored[mode] ?? null }),
      );
    }
    if (cmd === 'set_key') {
      if (opts.holdSet) await opts.holdSet;
      if (opts.failSet) throw { code: 'keychain_locked', message: 'The keychain is locked: unlock it and try again', field: null };
      const key = a.key as string;
      const masked = `…${key.slice(-4)}`;
      stored[a.mode as string] = masked;
      return { mode: a.mode, present: true, masked };
    }
    throw new Error(`unexpected ${cmd}`);
  });
  return calls;
}

describe('API key form', () => {
  afterEach(() => clearMocks());

  it('sends the key once, empties the field at once and shows only the masked form', async () => {
    let release: () => void = () => {};
    const hold = new Promise<void>((r) => (release = r));
    const calls = backend({ holdSet: hold });
    const { container } = render(KeysPanel, { profileId: 'p1', profileName: 'Acme' });

    const input = (await screen.findByTestId('key-input-live')) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(input.getAttribute('autocomplete')).toBe('off');
    await userEvent.type(input, SECRET);
    await userEvent.click(screen.getByTestId('key-save-live'));

    // While set_key is still in flight the field is already empty.
    expect(input.value).toBe('');
    expect(container.innerHTML).not.toContain(SECRET);
    release();

    expect(await screen.findByTestId('key-masked-live')).toHaveTextContent('…cd42');
    const sets = calls.filter((c) => c.cmd === 'set_key');
    expect(sets).toHaveLength(1);
    expect(sets[0]?.args).toEqual({ profile: 'p1', mode: 'live', key: SECRET });
    expect(container.innerHTML).not.toContain(SECRET);
    expect(container.textContent).not.toContain('0123456789abcdef');
  });

  it('keeps the field empty and the key off screen when the keychain refuses it', async () => {
    backend({ failSet: true });
    const { container } = render(KeysPanel, { profileId: 'p1', profileName: 'Acme' });
    const input = (await screen.findByTestId('key-input-live')) as HTMLInputElement;
    await userEvent.type(input, SECRET);
    await userEvent.click(screen.getByTestId('key-save-live'));
    expect(await screen.findByTestId('key-error-live')).toHaveTextContent('keychain is locked');
    expect(input.value).toBe('');
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('does not send an empty key', async () => {
    const calls = backend();
    render(KeysPanel, { profileId: 'p1', profileName: 'Acme' });
    await userEvent.click(await screen.findByTestId('key-save-live'));
    expect(await screen.findByTestId('key-error-live')).toHaveTextContent('Paste the live API key first');
    expect(calls.some((c) => c.cmd === 'set_key')).toBe(false);
  });

  it('binds no component state to the key field', () => {
    // The field is only reached through bind:this; a bind:value would keep the key in state.
    const field = /<input[^>]*data-testid="key-input-\{mode\}"[^>]*>/s.exec(keyFormSource)?.[0] ?? '';
    expect(field).toContain('bind:this={input}');
    expect(field).not.toMatch(/bind:value|value=/);
    expect(keyFormSource).not.toMatch(/\$state<string>|let key\b/);
  });

  it('replaces a stored key through the same write-only form', async () => {
    const calls = backend();
    render(KeysPanel, { profileId: 'p1', profileName: 'Acme' });
    expect(await screen.findByTestId('key-masked-test')).toHaveTextContent('…9f00');
    await userEvent.click(screen.getByTestId('key-replace-test'));
    const input = screen.getByTestId('key-input-test') as HTMLInputElement;
    await userEvent.type(input, 'npsb_test_newkey7777');
    await userEvent.click(screen.getByTestId('key-save-test'));
    await waitFor(() => expect(screen.getByTestId('key-masked-test')).toHaveTextContent('…7777'));
    expect(calls.filter((c) => c.cmd === 'set_key')).toHaveLength(1);
  });
});
