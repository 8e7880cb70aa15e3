import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { Channel } from '@tauri-apps/api/core';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Progress } from '../../lib/bindings/Progress';
import { session } from '../../lib/session.svelte';
import ImportDialog from './ImportDialog.svelte';
import { profile } from './testData';

const plan = {
  ids: ['aaa111', 'bbb222', 'ccc333'],
  badLines: [{ line: 4, content: 'not an id!', reason: 'contains spaces or punctuation' }],
  duplicates: [{ line: 5, id: 'aaa111', firstLine: 1 }],
};

describe('ImportDialog', () => {
  beforeEach(() => {
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    session.mode = 'test';
  });
  afterEach(() => clearMocks());

  it('shows the parse before fetching, then progress and per-id errors', async () => {
    const calls: string[] = [];
    let finish: (v: unknown) => void = () => {};
    let channel: Channel<Progress> | null = null;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      const a = args as Record<string, unknown>;
      if (cmd === 'parse_import') return plan;
      if (cmd === 'import_checkouts') {
        expect(a.ids).toEqual(plan.ids);
        channel = a.onProgress as Channel<Progress>;
        return new Promise((resolve) => (finish = resolve));
      }
      if (cmd === 'cancel_job') return true;
      throw new Error(`unexpected command ${cmd}`);
    });
    const onimported = vi.fn();
    render(ImportDialog, { open: true, busyElsewhere: null, onclose: vi.fn(), onimported, onrunning: vi.fn() });
    await userEvent.type(screen.getByTestId('import-text'), 'aaa111{enter}bbb222');
    await userEvent.click(screen.getByTestId('import-check'));
    expect(await screen.findByTestId('import-id-count')).toHaveTextContent('3');
    expect(screen.getByTestId('import-bad-line')).toHaveTextContent('Line 4: not an id! — contains spaces or punctuation');
    expect(screen.getByTestId('import-duplicates')).toHaveTextContent('Line 5: aaa111 (first on line 1)');
    expect(calls).toEqual(['parse_import']);

    await userEvent.click(screen.getByTestId('import-fetch'));
    await waitFor(() => expect(channel).not.toBeNull());
    channel!.onmessage({ done: 2, total: 3, failed: 1, current: 'bbb222', inFlight: 1 });
    await waitFor(() => expect(screen.getByTestId('import-progress-count')).toHaveTextContent('2 / 3 · 1 failed'));
    await userEvent.click(screen.getByTestId('import-progress-cancel'));
    expect(calls).toContain('cancel_job');
    finish({ requested: 3, imported: 2, new: 2, failed: [['bbb222', 'rejected', 'HTTP 400: unknown checkout']], cancelled: false });
    expect(await screen.findByTestId('import-report')).toHaveTextContent('2 of 3 fetched and cached (2 new), 1 could not be fetched');
    expect(screen.getByTestId('import-failure')).toHaveTextContent('bbb222: HTTP 400: unknown checkout');
    // A refusal takes the id off the queue: nothing is left for the next sync.
    expect(screen.queryByTestId('import-queued')).toBeNull();
    expect(onimported).toHaveBeenCalled();
  });

  it('says that ids the connection or the server kept from it stay queued for the next sync', async () => {
    mockIPC((cmd) => {
      if (cmd === 'parse_import') return plan;
      if (cmd === 'import_checkouts') {
        return { requested: 3, imported: 1, new: 1, failed: [['bbb222', 'offline', 'cannot reach the API'], ['ccc333', 'rejected', 'HTTP 400']], cancelled: false };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportDialog, { open: true, busyElsewhere: null, onclose: vi.fn(), onimported: vi.fn(), onrunning: vi.fn() });
    await userEvent.type(screen.getByTestId('import-text'), 'aaa111');
    await userEvent.click(screen.getByTestId('import-check'));
    await userEvent.click(await screen.findByTestId('import-fetch'));
    expect(await screen.findByTestId('import-queued')).toHaveTextContent('the next sync fetches them');
  });

  it('reads a picked CSV file through the desk', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:dialog|open') return '/home/me/ids.csv';
      if (cmd === 'read_import_file') {
        expect((args as { path: string }).path).toBe('/home/me/ids.csv');
        return { ids: ['aaa111'], badLines: [], duplicates: [] };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportDialog, { open: true, busyElsewhere: null, onclose: vi.fn(), onimported: vi.fn(), onrunning: vi.fn() });
    await userEvent.click(screen.getByTestId('import-file'));
    expect(await screen.findByTestId('import-plan')).toHaveTextContent('/home/me/ids.csv: 1 id to fetch');
    expect(screen.getByTestId('import-fetch')).toHaveTextContent('Fetch 1 checkout');
  });
});
