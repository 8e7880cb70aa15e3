/**
 * Loads the chart library on first use. uPlot builds an `Intl.NumberFormat` from
 * `navigator.language` when it loads, and WebKitGTK passes a POSIX locale such as `C`
 * (LANG=C) through unchanged, which Intl rejects with a RangeError: that would stop the
 * whole bundle. Loading it lazily keeps the app up, and an unusable language tag is
 * replaced by the engine's default locale first.
 */
import type uPlot from 'uplot';

export function usableLanguage(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

let loading: Promise<typeof uPlot> | null = null;

export function loadUplot(): Promise<typeof uPlot> {
  if (!loading) {
    if (!usableLanguage(navigator.language)) {
      const fallback = new Intl.NumberFormat().resolvedOptions().locale;
      Object.defineProperty(navigator, 'language', { value: fallback, configurable: true });
    }
    loading = import('uplot').then((m) => m.default);
  }
  return loading;
}
