import { render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReservedCheckout } from '../lib/bindings/ReservedCheckout';
import { radar } from '../lib/radar.svelte';
import { session } from '../lib/session.svelte';
import { makeProfile, resetShellState } from './testing';
import NavBar from './NavBar.svelte';

const reserved = (id: string, ageHours: number): ReservedCheckout => ({
  id,
  identifier: `order-${id}`,
  amount: 1000,
  currency: 'SEK',
  amountFormatted: '10.00 SEK',
  createdAt: '2026-11-01T00:00:00Z',
  ageHours,
});

describe('NavBar radar badge', () => {
  afterEach(() => {
    clearMocks();
    resetShellState();
  });

  it('shows how many reservations are over the threshold and notifies once', async () => {
    const scopes: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'reserve_radar') {
        scopes.push((args as { scope: unknown }).scope);
        return [reserved('a', 300), reserved('b', 130), reserved('c', 5)];
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    const notified: string[] = [];
    radar.notify = async (title) => void notified.push(title);
    radar.thresholdDays = 5;
    session.setProfiles([makeProfile({ id: 'p1', name: 'Shop' })]);
    session.selectProfile('p1');
    render(NavBar);
    await waitFor(() => expect(screen.getByTestId('radar-badge')).toHaveTextContent('2'));
    expect(scopes[0]).toEqual({ profile: 'p1', mode: 'test' });
    expect(notified).toEqual(['2 reservations are getting old']);
    await radar.refresh({ profile: 'p1', mode: 'test' });
    expect(notified).toHaveLength(1);
  });
});
