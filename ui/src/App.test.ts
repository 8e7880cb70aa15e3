import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import type { Profile } from './lib/bindings/Profile';
import type { StartInfo } from './lib/bindings/StartInfo';
import { nav } from './lib/nav.svelte';
import { session } from './lib/session.svelte';
import { makeProfile, resetShellState } from './shell/testing';

const SANDBOX = makeProfile({ id: 'sb', name: 'Sandbox', color: '#7c3aed', isSandbox: true, baseUrl: 'http://127.0.0.1:4010' });
const ACME = makeProfile({ id: 'acme', name: 'Acme AB', color: '#059669' });
const READONLY = makeProfile({ id: 'ro', name: 'Read Only Co', guardRails: { liveReadOnly: true, liveRefundCap: null } });

function startInfo(profiles: Profile[]): StartInfo {
  return {
    profiles,
    sandbox: profiles.some((p) => p.isSandbox) ? { profileId: 'sb', baseUrl: 'http://127.0.0.1:4010' } : null,
    vault: { state: 'available', backend: 'native', message: 'ok' },
    settled: { examined: 0, done: 0, failed: 0, needsReview: 0, unsettled: [] },
  };
}

/** start_desk waits for `gate` so the test can see the loading screen. */
function backend(profiles: Profile[], gate: Promise<void> = Promise.resolve()) {
  mockIPC(async (cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    if (cmd === 'start_desk') {
      await gate;
      return startInfo(profiles);
    }
    if (cmd === 'key_statuses') {
      const suffix = args.profile === 'acme' ? '4f2a' : '0b0b';
      return [
        { mode: 'test', present: true, masked: `…t${suffix.slice(1)}` },
        { mode: 'live', present: true, masked: `…${suffix}` },
      ];
    }
    throw new Error(`unexpected ${cmd}`);
  });
}

async function openDesk(profiles: Profile[]) {
  backend(profiles);
  render(App);
  await screen.findByTestId('desk');
  // The system view makes no calls on its own: the shell is what is under test.
  nav.open('system');
}

describe('desk shell', () => {
  beforeEach(() => resetShellState());
  afterEach(() => clearMocks());

  it('prepares the desk, then shows the simulator banner with a way to a real merchant', async () => {
    let open: () => void = () => {};
    backend([SANDBOX], new Promise<void>((r) => (open = r)));
    render(App);
    expect(screen.getByTestId('desk-loading')).toHaveTextContent('Preparing your desk…');
    open();
    await screen.findByTestId('desk');
    expect(session.profileId).toBe('sb');
    expect(session.sandboxProfileId).toBe('sb');
    const banner = screen.getByTestId('sandbox-banner');
    expect(banner).toHaveTextContent('simulator');
    expect(banner).toHaveTextContent('no real money');
    nav.open('system');
    await userEvent.click(within(banner).getByTestId('sandbox-banner-profiles'));
    expect(nav.view).toBe('profiles');
  });

  it('frames the window in live mode, with LIVE in words, the profile and the key suffix', async () => {
    await openDesk([ACME, SANDBOX]);
    expect(screen.getByTestId('mode-badge')).toHaveTextContent('TEST');
    expect(screen.queryByTestId('live-frame')).toBeNull();
    expect(document.title).toBe('Neuro-Pay Desk');

    await userEvent.click(screen.getByTestId('mode-live'));
    expect(await screen.findByTestId('live-confirm-text')).toHaveTextContent('You are about to work with real money for Acme AB');
    expect(session.mode).toBe('test');
    await userEvent.click(screen.getByTestId('live-confirm-confirm'));

    expect(await screen.findByTestId('live-frame')).toBeInTheDocument();
    expect(screen.getByTestId('mode-badge')).toHaveTextContent(/^LIVE$/);
    expect(screen.getByTestId('title-profile')).toHaveTextContent('Acme AB');
    await waitFor(() => expect(screen.getByTestId('title-key')).toHaveTextContent('key …4f2a'));
    expect(screen.getByTestId('desk')).toHaveAttribute('data-mode', 'live');
    expect(document.title).toBe('LIVE — Acme AB — Neuro-Pay Desk');
  });

  it('asks for live once per session', async () => {
    await openDesk([ACME]);
    await userEvent.click(screen.getByTestId('mode-live'));
    await userEvent.click(await screen.findByTestId('live-confirm-confirm'));
    await userEvent.click(screen.getByTestId('mode-test'));
    expect(screen.queryByTestId('live-frame')).toBeNull();
    await userEvent.click(screen.getByTestId('mode-live'));
    expect(screen.queryByTestId('live-confirm-text')).toBeNull();
    expect(session.mode).toBe('live');
    expect(screen.getByTestId('live-frame')).toBeInTheDocument();
  });

  it('stays in TEST when the live question is declined', async () => {
    await openDesk([ACME]);
    await userEvent.click(screen.getByTestId('mode-live'));
    await userEvent.click(within(await screen.findByTestId('live-confirm')).getByRole('button', { name: 'Cancel' }));
    expect(session.mode).toBe('test');
    expect(session.liveAcknowledged).toBe(false);
    expect(screen.queryByTestId('live-frame')).toBeNull();
  });

  it('returns to TEST when the profile changes', async () => {
    await openDesk([ACME, SANDBOX]);
    await userEvent.click(screen.getByTestId('mode-live'));
    await userEvent.click(await screen.findByTestId('live-confirm-confirm'));
    expect(screen.getByTestId('live-frame')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('profile-switcher'));
    await userEvent.click(screen.getByRole('option', { name: /Sandbox/ }));
    expect(session.mode).toBe('test');
    expect(screen.queryByTestId('live-frame')).toBeNull();
    expect(screen.getByTestId('mode-badge')).toHaveTextContent('TEST');
    expect(screen.getByTestId('title-profile')).toHaveTextContent('Sandbox');
    expect(document.title).toBe('Neuro-Pay Desk');
  });

  it('says LIVE · read-only for a read-only profile', async () => {
    await openDesk([READONLY]);
    await userEvent.click(screen.getByTestId('mode-live'));
    await userEvent.click(await screen.findByTestId('live-confirm-confirm'));
    expect(screen.getByTestId('mode-badge')).toHaveTextContent('LIVE · read-only');
  });

  it('opens the shortcut list with ? and focuses the view search with /', async () => {
    await openDesk([ACME]);
    await userEvent.keyboard('?');
    const help = await screen.findByTestId('shortcuts-help');
    expect(help).toHaveTextContent('Command palette');
    within(help).getByRole('button', { name: 'Close' }).focus();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByText('Show this list')).toBeNull());
    nav.open('audit');
    mockIPC((cmd) => (cmd === 'list_audit' ? [] : cmd === 'key_statuses' ? [] : null));
    await screen.findByTestId('audit-filters');
    await userEvent.keyboard('/');
    expect(screen.getByTestId('audit-action')).toHaveFocus();
  });
});
