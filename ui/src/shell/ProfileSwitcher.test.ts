import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { session } from '../lib/session.svelte';
import ProfileSwitcher from './ProfileSwitcher.svelte';
import { makeProfile, resetShellState } from './testing';

const profiles = [
  makeProfile({ id: 'sb', name: 'Sandbox', color: '#7c3aed', isSandbox: true }),
  makeProfile({ id: 'acme', name: 'Acme AB', color: '#059669' }),
  makeProfile({ id: 'bolt', name: 'Bolt Ltd', color: '#d97706' }),
];

describe('profile switcher', () => {
  beforeEach(() => {
    resetShellState();
    session.setProfiles(profiles);
  });

  it('lists every profile with its colour', async () => {
    render(ProfileSwitcher);
    await userEvent.click(screen.getByTestId('profile-switcher'));
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent?.trim().split(/\s+/)[0])).toEqual(['Sandbox', 'Acme', 'Bolt']);
    const dots = options.map((o) => o.querySelector<HTMLElement>('.dot')?.style.backgroundColor);
    expect(dots).toEqual(['rgb(124, 58, 237)', 'rgb(5, 150, 105)', 'rgb(217, 119, 6)']);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(options[0]).toHaveTextContent('simulator');
  });

  it('is driven by the keyboard and selecting changes the session profile', async () => {
    render(ProfileSwitcher);
    screen.getByTestId('profile-switcher').focus();
    await userEvent.keyboard('{ArrowDown}');
    const list = screen.getByRole('listbox', { name: 'Profiles' });
    expect(list).toHaveFocus();
    expect(list).toHaveAttribute('aria-activedescendant', 'profile-switcher-list-0');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(list).toHaveAttribute('aria-activedescendant', 'profile-switcher-list-2');
    await userEvent.keyboard('{Enter}');
    expect(session.profileId).toBe('bolt');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('profile-switcher')).toHaveTextContent('Bolt Ltd');
    expect(screen.getByTestId('profile-switcher')).toHaveFocus();
  });

  it('closes on Escape without changing anything', async () => {
    render(ProfileSwitcher);
    screen.getByTestId('profile-switcher').focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(session.profileId).toBe('sb');
  });

  it('changing profile from live lands in TEST', async () => {
    session.setMode('live');
    render(ProfileSwitcher);
    await userEvent.click(screen.getByTestId('profile-switcher'));
    await userEvent.click(screen.getByRole('option', { name: /Acme AB/ }));
    expect(session.profileId).toBe('acme');
    expect(session.mode).toBe('test');
  });
});
