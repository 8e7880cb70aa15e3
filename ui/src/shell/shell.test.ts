import { describe, expect, it, vi } from 'vitest';
import { moveIndex } from './listNav';
import { modeLabel, needsLiveConfirmation, windowTitle } from './mode';
import { looksLikeId, matches, paletteItems, type PaletteItem } from './palette';
import { paletteActions } from './paletteActions';
import { focusFirstSearch, isTypingTarget, otherDialogOpen, shortcutFor } from './shortcuts';
import { startNotice } from './start';
import { syncSummary } from './syncJob.svelte';
import { makeProfile } from './testing';

const key = (k: string, over: Partial<KeyboardEvent> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: document.body, ...over }) as KeyboardEvent;

describe('shortcuts', () => {
  it('maps Ctrl/Cmd+K, / and ? and ignores single keys while typing', () => {
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBe('palette');
    expect(shortcutFor(key('K', { metaKey: true }))).toBe('palette');
    expect(shortcutFor(key('/'))).toBe('search');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('x'))).toBeNull();
    const input = document.createElement('input');
    expect(shortcutFor(key('/', { target: input }))).toBeNull();
    expect(shortcutFor(key('?', { target: document.createElement('textarea') }))).toBeNull();
    // Ctrl+K types nothing, so it works in a field too.
    expect(shortcutFor(key('k', { ctrlKey: true, target: input }))).toBe('palette');
    expect(shortcutFor(key('/', { ctrlKey: true }))).toBeNull();
  });

  it('treats checkboxes and buttons as not typing', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
  });

  it('focuses the first visible [data-search]', () => {
    document.body.innerHTML = `
      <div hidden><input data-search id="hidden"></div>
      <dialog><input data-search id="closed"></dialog>
      <input data-search id="disabled" disabled>
      <input data-search id="visible">
      <input data-search id="second">`;
    expect(focusFirstSearch()).toBe(true);
    expect(document.activeElement?.id).toBe('visible');
    document.body.innerHTML = '<p>no search here</p>';
    expect(focusFirstSearch()).toBe(false);
  });
});

describe('otherDialogOpen', () => {
  it('counts open dialogs beyond the shell\'s own', () => {
    document.body.innerHTML = '<dialog open></dialog><dialog></dialog>';
    expect(otherDialogOpen(0)).toBe(true);
    expect(otherDialogOpen(1)).toBe(false);
  });
});

describe('mode helpers', () => {
  it('says LIVE in words and names the profile in the window title', () => {
    expect(modeLabel('test', true)).toBe('TEST');
    expect(modeLabel('live', false)).toBe('LIVE');
    expect(modeLabel('live', true)).toBe('LIVE · read-only');
    expect(windowTitle('Acme', 'live')).toBe('LIVE — Acme — Neuro-Pay Desk');
    expect(windowTitle('Acme', 'test')).toBe('Neuro-Pay Desk');
  });

  it('asks only for live, and only until acknowledged', () => {
    expect(needsLiveConfirmation('live', false)).toBe(true);
    expect(needsLiveConfirmation('live', true)).toBe(false);
    expect(needsLiveConfirmation('test', false)).toBe(false);
  });
});

describe('listNav', () => {
  it('wraps around and jumps to the ends', () => {
    expect(moveIndex(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveIndex(2, 'ArrowDown', 3)).toBe(0);
    expect(moveIndex(0, 'ArrowUp', 3)).toBe(2);
    expect(moveIndex(1, 'Home', 3)).toBe(0);
    expect(moveIndex(1, 'End', 3)).toBe(2);
    expect(moveIndex(1, 'a', 3)).toBeNull();
    expect(moveIndex(0, 'ArrowDown', 0)).toBeNull();
  });
});

describe('palette', () => {
  const id = '0123456789abcdef0123456789abcdef';
  const jump = { openCheckout: vi.fn(), openCustomer: vi.fn() };
  const action = (label: string): PaletteItem => ({ key: label, label, run: vi.fn() });

  it('recognises ids and matches every word of an action', () => {
    expect(looksLikeId(id)).toBe(true);
    expect(looksLikeId('order-1001')).toBe(true);
    expect(looksLikeId('checkouts')).toBe(false);
    expect(looksLikeId('two words1')).toBe(false);
    expect(matches('Switch to LIVE mode', 'live sw')).toBe(true);
    expect(matches('Switch to LIVE mode', 'test')).toBe(false);
  });

  it('offers an id as a checkout and a customer, the cached kind first', () => {
    const items = paletteItems(id, [action('Go to Audit')], jump, { checkout: null, customer: 'Cached customer · Ann' });
    expect(items.map((i) => i.key)).toEqual([`customer:${id}`, `checkout:${id}`]);
    expect(items[0]?.hint).toBe('Cached customer · Ann');
    items[1]?.run();
    expect(jump.openCheckout).toHaveBeenCalledWith(id);
  });

  it('lists every action for an empty query and filters by words', () => {
    const actions = [action('Go to Audit'), action('Go to Customers'), action('Sync open checkouts')];
    expect(paletteItems('', actions, jump, null)).toHaveLength(3);
    expect(paletteItems('go cust', actions, jump, null).map((i) => i.label)).toEqual(['Go to Customers']);
  });

  it('builds actions for the other profiles, the other mode, the views and sync', () => {
    const handlers = { selectProfile: vi.fn(), requestMode: vi.fn(), openView: vi.fn(), sync: vi.fn() };
    const profiles = [makeProfile({ id: 'a', name: 'Acme' }), makeProfile({ id: 'b', name: 'Bolt' })];
    const items = paletteActions({ profiles, profileId: 'a', mode: 'test' }, handlers);
    const labels = items.map((i) => i.label);
    expect(labels).toContain('Switch to profile Bolt');
    expect(labels).not.toContain('Switch to profile Acme');
    expect(labels).toContain('Switch to LIVE mode');
    expect(labels).toContain('Go to Profiles & keys');
    items.find((i) => i.label === 'Switch to LIVE mode')?.run();
    expect(handlers.requestMode).toHaveBeenCalledWith('live');
    items.find((i) => i.label === 'Switch to profile Bolt')?.run();
    expect(handlers.selectProfile).toHaveBeenCalledWith('b');
  });
});

describe('syncSummary', () => {
  it('reports counts and cancellation', () => {
    expect(syncSummary({ checked: 5, changed: 2, failed: [], cancelled: false, settled: 0 })).toBe(
      'Sync finished: 5 checked, 2 changed.',
    );
    expect(
      syncSummary({
        checked: 1,
        changed: 0,
        failed: [['x', 'offline', 'm']],
        cancelled: true,
        settled: 1,
      }),
    ).toBe('Sync cancelled: 1 checked, 0 changed, 1 failed, 1 unsettled write settled.');
  });
});

describe('startNotice', () => {
  const base = {
    profiles: [],
    sandbox: null,
    vault: { state: 'available' as const, backend: 'native', message: 'ok' },
    settled: { examined: 0, done: 0, failed: 0, needsReview: 0, unsettled: [] as [string, string, string][] },
  };

  it('says nothing when there is nothing to say', () => {
    expect(startNotice(base)).toBeNull();
  });

  it('reports writes settled from the last session and a keychain problem', () => {
    const text = startNotice({
      ...base,
      vault: { state: 'locked', backend: 'native', message: 'Unlock the login keyring.' },
      settled: { examined: 4, done: 1, failed: 1, needsReview: 1, unsettled: [['j1', 'offline', 'cannot reach']] },
    });
    expect(text).toBe(
      'Writes the last session left unfinished: 1 confirmed, 1 refused by the server, 1 too old to re-send (review them in Audit), 1 still unknown — checking. Keychain locked: Unlock the login keyring.',
    );
  });
});
