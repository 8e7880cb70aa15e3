import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../lib/bindings/AuditEntry';
import type { AuditFilter } from '../../lib/bindings/AuditFilter';
import { session } from '../../lib/session.svelte';
import { makeProfile, resetShellState } from '../../shell/testing';
import AuditView from './AuditView.svelte';

const entry = (seq: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  seq,
  at: '2026-11-21T10:00:00Z',
  osUser: 'maria',
  profileId: 'acme',
  mode: 'live',
  action: 'checkout_refunded',
  target: 'c0ffee01',
  params: { via: 'ui', request: { amount: 500 } },
  outcome: 'success',
  errorCode: null,
  errorMessage: null,
  ...over,
});

function backend(pages: AuditEntry[][]) {
  const filters: AuditFilter[] = [];
  const exports: { filter: AuditFilter; path: string }[] = [];
  mockIPC((cmd, raw) => {
    const args = raw as Record<string, unknown>;
    if (cmd === 'list_audit') {
      const f = args.filter as AuditFilter;
      filters.push(f);
      return f.beforeSeq ? (pages[1] ?? []) : (pages[0] ?? []);
    }
    if (cmd === 'plugin:dialog|save') return '/home/maria/audit.csv';
    if (cmd === 'export_audit') {
      exports.push({ filter: args.filter as AuditFilter, path: args.path as string });
      return 2;
    }
    throw new Error(`unexpected ${cmd}`);
  });
  return { filters, exports };
}

describe('Audit view', () => {
  beforeEach(() => {
    resetShellState();
    session.setProfiles([makeProfile({ id: 'acme', name: 'Acme AB' })]);
    session.setMode('live');
  });
  afterEach(() => clearMocks());

  it('lists the current profile and mode, then follows the filters', async () => {
    const { filters } = backend([[entry(2), entry(1, { outcome: 'unknown', action: 'customer_created', errorMessage: 'timed out', errorCode: 'outcome_unknown' })]]);
    render(AuditView);
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Acme AB');
    expect(rows[0]).toHaveTextContent('LIVE');
    expect(rows[0]).toHaveTextContent('Checkout refunded');
    expect(rows[1]).toHaveTextContent('Unknown — checking');
    expect(filters[0]).toMatchObject({ profileId: 'acme', mode: 'live', action: null, outcome: null, limit: 200 });

    await userEvent.selectOptions(screen.getByTestId('audit-outcome'), 'failure');
    await userEvent.selectOptions(screen.getByTestId('audit-scope'), 'all');
    await waitFor(() => expect(filters[filters.length - 1]).toMatchObject({ profileId: null, mode: null, outcome: 'failure' }));
  });

  it('pages back with beforeSeq', async () => {
    const first = Array.from({ length: 200 }, (_, i) => entry(400 - i));
    const { filters } = backend([first, [entry(10)]]);
    render(AuditView);
    await userEvent.click(await screen.findByTestId('audit-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(201));
    expect(filters[filters.length - 1]?.beforeSeq).toBe(201);
  });

  it('exports the filtered log to the file chosen in the save dialog', async () => {
    const { exports } = backend([[entry(1)]]);
    render(AuditView);
    await screen.findAllByTestId('audit-row');
    await userEvent.click(screen.getByTestId('audit-export'));
    expect(await screen.findByTestId('audit-exported')).toHaveTextContent('Exported 2 entries to /home/maria/audit.csv');
    expect(exports).toEqual([{ path: '/home/maria/audit.csv', filter: expect.objectContaining({ profileId: 'acme', mode: 'live' }) }]);
  });
});
