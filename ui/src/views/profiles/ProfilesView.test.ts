import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../lib/bindings/Profile';
import { session } from '../../lib/session.svelte';
import { makeProfile, resetShellState } from '../../shell/testing';
import ProfilesView from './ProfilesView.svelte';

type Call = { cmd: string; args: Record<string, unknown> };

function backend(initial: Profile[], opts: { cached?: boolean; vault?: 'available' | 'locked' } = {}) {
  const calls: Call[] = [];
  let profiles = [...initial];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'vault_status':
        return opts.vault === 'locked'
          ? { state: 'locked', backend: 'native', message: 'The login keyring is locked: unlock it in your session and try again' }
          : { state: 'available', backend: 'native', message: 'Keys are stored in the Secret Service' };
      case 'key_statuses':
        return [
          { mode: 'test', present: false, masked: null },
          { mode: 'live', present: false, masked: null },
        ];
      case 'list_profiles':
        return profiles;
      case 'create_profile': {
        const p = args.profile as Pick<Profile, 'name' | 'color' | 'baseUrl' | 'guardRails'>;
        const created = makeProfile({ id: 'new1', ...p });
        profiles = [...profiles, created];
        return created;
      }
      case 'set_guard_rails': {
        profiles = profiles.map((p) => (p.id === args.id ? { ...p, guardRails: args.guardRails as Profile['guardRails'] } : p));
        return profiles.find((p) => p.id === args.id);
      }
      case 'delete_profile':
        if (opts.cached && !args.purgeCache) {
          throw { code: 'confirmation_required', message: 'profile "Acme AB" has cached checkouts, customers or journal entries', field: null };
        }
        profiles = profiles.filter((p) => p.id !== args.id);
        return null;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
  });
  return calls;
}

describe('Profiles & keys', () => {
  beforeEach(() => resetShellState());
  afterEach(() => clearMocks());

  it('adds a profile on a documented host or a custom URL, with a colour', async () => {
    const calls = backend([]);
    render(ProfilesView);
    await userEvent.click(screen.getByTestId('profile-add'));
    const choice = screen.getByTestId('profile-create-base-choice');
    expect(within(choice).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'https://api.neuro-admin.com',
      'https://api.paiwise.com',
      'Custom…',
    ]);
    await userEvent.click(screen.getByTestId('profile-create-submit'));
    expect(screen.getByText('Enter a name')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('profile-create-name'), 'Acme AB');
    await userEvent.selectOptions(choice, 'custom');
    await userEvent.type(screen.getByTestId('profile-create-base-custom'), 'http://shop.example');
    await userEvent.click(screen.getByTestId('profile-create-submit'));
    expect(screen.getByText(/only allowed for this computer/)).toBeInTheDocument();
    await userEvent.clear(screen.getByTestId('profile-create-base-custom'));
    await userEvent.type(screen.getByTestId('profile-create-base-custom'), 'https://api.acme.test');
    await userEvent.click(screen.getByRole('radio', { name: '#059669' }));
    await userEvent.click(screen.getByTestId('profile-create-readonly'));
    await userEvent.click(screen.getByTestId('profile-create-submit'));

    await waitFor(() => expect(screen.getByTestId('profile-detail-name')).toHaveTextContent('Acme AB'));
    expect(calls.find((c) => c.cmd === 'create_profile')?.args.profile).toEqual({
      name: 'Acme AB',
      color: '#059669',
      baseUrl: 'https://api.acme.test',
      guardRails: { liveReadOnly: true, liveRefundCap: null },
    });
    expect(session.profiles.map((p) => p.name)).toEqual(['Acme AB']);
    expect(screen.getByTestId('profile-base-url')).toHaveTextContent('https://api.acme.test');
  });

  it('shows the keychain state with what to do', async () => {
    backend([makeProfile({ id: 'acme', name: 'Acme AB' })], { vault: 'locked' });
    session.setProfiles([makeProfile({ id: 'acme', name: 'Acme AB' })]);
    render(ProfilesView);
    const vault = await screen.findByTestId('vault-status');
    await waitFor(() => expect(vault).toHaveAttribute('data-state', 'locked'));
    expect(vault).toHaveTextContent('Keychain locked');
    expect(vault).toHaveTextContent('unlock it in your session');
  });

  it('saves the refund cap in minor units', async () => {
    const acme = makeProfile({ id: 'acme', name: 'Acme AB' });
    const calls = backend([acme]);
    session.setProfiles([acme]);
    render(ProfilesView);
    await userEvent.type(screen.getByTestId('guard-cap'), '50.5');
    expect(screen.getByText(/Whole minor units only/)).toBeInTheDocument();
    expect(screen.getByTestId('guard-save')).toBeDisabled();
    await userEvent.clear(screen.getByTestId('guard-cap'));
    await userEvent.type(screen.getByTestId('guard-cap'), '50000');
    expect(screen.getByText(/500.00 SEK/)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('guard-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'set_guard_rails')?.args).toEqual({
        id: 'acme',
        guardRails: { liveReadOnly: false, liveRefundCap: 50000 },
      }),
    );
  });

  it('deletes after the typed name, and asks again before purging cached data', async () => {
    const acme = makeProfile({ id: 'acme', name: 'Acme AB' });
    const calls = backend([acme], { cached: true });
    session.setProfiles([acme]);
    render(ProfilesView);
    await userEvent.click(screen.getByTestId('profile-delete'));
    const first = screen.getByTestId('profile-delete-confirm');
    const confirm = within(first).getByTestId('profile-delete-confirm-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(first).getByTestId('profile-delete-confirm-type'), 'Acme AB');
    await userEvent.click(confirm);

    const purge = await screen.findByTestId('profile-purge-message');
    expect(purge).toHaveTextContent('has cached checkouts');
    expect(calls.filter((c) => c.cmd === 'delete_profile').map((c) => c.args.purgeCache)).toEqual([false]);
    await userEvent.click(screen.getByTestId('profile-purge-confirm-confirm'));
    await waitFor(() => expect(session.profiles).toEqual([]));
    expect(calls.filter((c) => c.cmd === 'delete_profile').map((c) => c.args.purgeCache)).toEqual([false, true]);
    expect(await screen.findByTestId('profiles-empty')).toBeInTheDocument();
  });
});
