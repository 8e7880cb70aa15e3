import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkPlan } from '../../lib/bindings/BulkPlan';
import { session } from '../../lib/session.svelte';
import { canRun, confirmPhrase, mergeResult } from './bulk';
import BulkDialog from './BulkDialog.svelte';
import { profile } from './testData';

const PLAN: BulkPlan = {
  will: ['c1', 'c3'],
  wont: [{ id: 'c2', reason: 'status is paid: only reserved checkouts can be captured' }],
};

describe('bulk rules', () => {
  it('asks for a typed phrase only for live writes', () => {
    expect(confirmPhrase('capture', true, 2)).toBe('capture 2');
    expect(confirmPhrase('capture', false, 2)).toBeNull();
    expect(confirmPhrase('refresh', true, 2)).toBeNull();
    expect(canRun(PLAN, 'capture 2', 'capture 1')).toBe(false);
    expect(canRun(PLAN, 'capture 2', ' capture 2 ')).toBe(true);
    expect(canRun({ will: [], wont: PLAN.wont }, null, '')).toBe(false);
    expect(canRun(null, null, '')).toBe(false);
    const r = mergeResult([{ id: 'c1', ok: false, status: null, code: 'x', message: 'm' }], { id: 'c1', ok: true, status: 'paid', code: null, message: null });
    expect(r).toEqual([{ id: 'c1', ok: true, status: 'paid', code: null, message: null }]);
  });
});

describe('BulkDialog', () => {
  let calls: { cmd: string; args: Record<string, unknown> }[];
  beforeEach(() => {
    calls = [];
    session.setProfiles([profile()]);
    session.selectProfile('p1');
    mockIPC((cmd, raw) => {
      const args = (raw ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      if (cmd === 'bulk_plan') return PLAN;
      if (cmd === 'bulk_run') {
        return { done: [['c1', 'paid']], failed: [['c3', 'rejected', 'Checkout is not reserved']], skipped: PLAN.wont, cancelled: false };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
  });
  afterEach(() => {
    clearMocks();
    session.mode = 'test';
  });

  it('reviews what will and will not be done, with reasons, then runs the selection', async () => {
    session.mode = 'test';
    let changed = 0;
    render(BulkDialog, { action: 'capture', ids: ['c1', 'c2', 'c3'], onclose: () => {}, ondone: () => (changed += 1) });
    const will = await screen.findAllByTestId('bulk-will-row');
    expect(will.map((e) => e.dataset.id)).toEqual(['c1', 'c3']);
    expect(screen.getByTestId('bulk-wont-row')).toHaveTextContent('c2 — status is paid: only reserved checkouts can be captured');
    expect(calls[0]).toMatchObject({ cmd: 'bulk_plan', args: { scope: { profile: 'p1', mode: 'test' }, ids: ['c1', 'c2', 'c3'], action: 'capture' } });
    expect(screen.queryByTestId('bulk-type')).toBeNull();

    await fireEvent.click(screen.getByTestId('bulk-run'));
    await waitFor(() => expect(screen.getByTestId('bulk-summary')).toHaveTextContent('1 done, 1 failed, 1 not touched.'));
    const run = calls.find((c) => c.cmd === 'bulk_run')!;
    expect(run.args).toMatchObject({ ids: ['c1', 'c2', 'c3'], action: 'capture', liveConfirmed: false });
    expect(changed).toBe(1);
  });

  it('in live mode needs the typed confirmation before it runs', async () => {
    session.mode = 'live';
    render(BulkDialog, { action: 'capture', ids: ['c1', 'c2', 'c3'], onclose: () => {}, ondone: () => {} });
    await screen.findAllByTestId('bulk-will-row');
    expect(screen.getByTestId('bulk-live')).toBeInTheDocument();
    const runButton = screen.getByTestId('bulk-run');
    expect(runButton).toBeDisabled();
    await userEvent.type(screen.getByTestId('bulk-type'), 'capture 3');
    expect(runButton).toBeDisabled();
    await userEvent.clear(screen.getByTestId('bulk-type'));
    await userEvent.type(screen.getByTestId('bulk-type'), 'capture 2');
    expect(runButton).toBeEnabled();
    await userEvent.click(runButton);
    await waitFor(() => expect(calls.find((c) => c.cmd === 'bulk_run')?.args).toMatchObject({ liveConfirmed: true, ids: ['c1', 'c2', 'c3'] }));
  });
});
