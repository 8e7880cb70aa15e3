/**
 * Validation of the profile forms, mirroring what the desk checks (so mistakes show next
 * to the field before anything is sent; the desk checks again).
 */
import { formatMinor } from '../../lib/money';

/** The hosts the Neuro-Pay documentation names. */
export const DOCUMENTED_HOSTS: readonly string[] = ['https://api.neuro-admin.com', 'https://api.paiwise.com'];

/** The first swatch: what a new profile gets unless another colour is picked. */
export const DEFAULT_COLOR = '#2563eb';

/** Suggested profile colours (any #rrggbb is accepted). */
export const SWATCHES: readonly string[] = [DEFAULT_COLOR, '#059669', '#d97706', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#475569'];

export const MAX_NAME_CHARS = 60;

export function nameError(name: string, otherNames: string[]): string | null {
  const n = name.trim();
  if (n === '') return 'Enter a name';
  if ([...n].length > MAX_NAME_CHARS) return `At most ${MAX_NAME_CHARS} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(n)) return 'No control characters';
  if (otherNames.some((o) => o.trim().toLowerCase() === n.toLowerCase())) return 'Another profile has this name';
  return null;
}

export function colorError(color: string): string | null {
  return /^#[0-9a-fA-F]{6}$/.test(color.trim()) ? null : 'Use a colour like #2563eb';
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** https anywhere; plain http only to this computer (a local simulator). */
export function baseUrlError(url: string): string | null {
  const text = url.trim();
  if (text === '') return 'Enter the API base URL';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return 'Not a valid URL (it starts with https://)';
  }
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    return 'Plain http is only allowed for this computer (127.0.0.1, localhost); use https';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Use an https:// address';
  if (parsed.username || parsed.password) return 'Must not contain a user or password';
  if (parsed.search || parsed.hash || text.includes('?') || text.includes('#')) return 'Must not contain ? or #';
  return null;
}

export type CapResult = { ok: true; cap: number | null } | { ok: false; error: string };

/**
 * The live refund cap is stored in minor units and applies to whatever currency a
 * checkout has, so it is entered in minor units (an integer), never converted with a
 * guessed exponent. Empty = no cap.
 */
export function parseRefundCap(text: string): CapResult {
  const t = text.trim().replace(/[\s_']/g, '');
  if (t === '') return { ok: true, cap: null };
  if (!/^\d+$/.test(t)) return { ok: false, error: 'Whole minor units only (e.g. 50000), no decimals' };
  const cap = Number(t);
  if (!Number.isSafeInteger(cap)) return { ok: false, error: 'Too large' };
  return { ok: true, cap };
}

/** What a cap in minor units means in currencies with 2, 0 and 3 decimals. */
export function capPreview(cap: number): string {
  return `= ${formatMinor(cap, 'SEK', 2)} / ${formatMinor(cap, 'EUR', 2)}, ${formatMinor(cap, 'JPY', 0)}, ${formatMinor(cap, 'KWD', 3)} per refund`;
}
