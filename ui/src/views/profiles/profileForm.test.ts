import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { describeConnection } from './connection';
import { deleteProfileStep } from './deleteProfile';
import { baseUrlError, capPreview, colorError, nameError, parseRefundCap } from './profileForm';

describe('profile form rules', () => {
  it('checks names like the desk, including duplicates', () => {
    expect(nameError('  ', [])).toBe('Enter a name');
    expect(nameError('x'.repeat(61), [])).toMatch(/60/);
    expect(nameError('Acme', ['acme '])).toBe('Another profile has this name');
    expect(nameError('Acme AB', ['Acme'])).toBeNull();
  });

  it('accepts #rrggbb colours only', () => {
    expect(colorError('#A1b2C3')).toBeNull();
    expect(colorError('red')).not.toBeNull();
    expect(colorError('#abc')).not.toBeNull();
  });

  it('allows https, and plain http only to this computer', () => {
    expect(baseUrlError('https://api.neuro-admin.com')).toBeNull();
    expect(baseUrlError('http://127.0.0.1:8080')).toBeNull();
    expect(baseUrlError('http://localhost:3000')).toBeNull();
    expect(baseUrlError('http://api.paiwise.com')).toMatch(/only allowed for this computer/);
    expect(baseUrlError('ftp://x.se')).toMatch(/https/);
    expect(baseUrlError('https://u:p@api.x.se')).toMatch(/user or password/);
    expect(baseUrlError('https://api.x.se/?a=1')).toMatch(/\? or #/);
    expect(baseUrlError('not a url')).toMatch(/Not a valid URL/);
    expect(baseUrlError('')).toMatch(/Enter/);
  });

  it('reads the refund cap as whole minor units', () => {
    expect(parseRefundCap('')).toEqual({ ok: true, cap: null });
    expect(parseRefundCap(' 50 000 ')).toEqual({ ok: true, cap: 50000 });
    expect(parseRefundCap('500.50').ok).toBe(false);
    expect(parseRefundCap('-1').ok).toBe(false);
    expect(parseRefundCap('99999999999999999999').ok).toBe(false);
    expect(capPreview(50000)).toBe('= 500.00 SEK / 500.00 EUR, 50,000 JPY, 50.000 KWD per refund');
  });
});

describe('connection result', () => {
  it('tells ok, rejected and offline apart', () => {
    expect(describeConnection({ ok: true, code: 'ok', message: 'connected' }).tone).toBe('ok');
    expect(describeConnection({ ok: false, code: 'unauthorized', message: 'HTTP 401' })).toEqual({
      tone: 'rejected',
      title: 'Key rejected',
      message: 'HTTP 401',
    });
    expect(describeConnection({ ok: false, code: 'offline', message: 'cannot reach' }).tone).toBe('offline');
    expect(describeConnection({ ok: false, code: 'key_missing', message: 'no key' }).title).toBe('No key stored');
  });
});

describe('deleting a profile', () => {
  afterEach(() => clearMocks());

  it('asks for the purge step when the desk says confirmation_required', async () => {
    const seen: boolean[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'delete_profile') throw new Error(cmd);
      const purge = (args as { purgeCache: boolean }).purgeCache;
      seen.push(purge);
      if (!purge) throw { code: 'confirmation_required', message: 'profile "Acme" has cached checkouts', field: null };
      return null;
    });
    expect(await deleteProfileStep('p1', false)).toEqual({
      done: false,
      needsPurge: true,
      message: 'profile "Acme" has cached checkouts',
    });
    expect(await deleteProfileStep('p1', true)).toEqual({ done: true });
    expect(seen).toEqual([false, true]);
  });

  it('passes other errors on', async () => {
    mockIPC(() => {
      throw { code: 'keychain_locked', message: 'locked', field: null };
    });
    await expect(deleteProfileStep('p1', false)).rejects.toMatchObject({ code: 'keychain_locked' });
  });
});
