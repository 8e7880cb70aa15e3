import { describe, expect, it, vi } from 'vitest';
import { PageCache } from './pages';

const rowsOf = (offset: number, limit: number) => Array.from({ length: limit }, (_, i) => offset + i);

describe('PageCache', () => {
  it('fetches a page once, by offset, and serves its rows', async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => rowsOf(offset, limit));
    const cache = new PageCache<number>(100, fetch);
    await Promise.all([cache.load(3), cache.load(3)]);
    await cache.load(3);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith(300, 100);
    expect(cache.row(345)).toBe(345);
    expect(cache.row(45)).toBeUndefined();
  });

  it('keeps only the most recently used pages', async () => {
    const cache = new PageCache<number>(10, async (o, l) => rowsOf(o, l), 3);
    await cache.load(0);
    await cache.load(1);
    await cache.load(2);
    cache.row(5); // page 0 becomes the most recent
    await cache.load(3);
    expect(cache.size).toBe(3);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(3)).toBe(true);
  });

  it('forgets a failed request so the page can be retried', async () => {
    let fail = true;
    const cache = new PageCache<number>(10, async (o, l) => {
      if (fail) throw new Error('storage busy');
      return rowsOf(o, l);
    });
    await expect(cache.load(0)).rejects.toThrow('storage busy');
    fail = false;
    await expect(cache.load(0)).resolves.toHaveLength(10);
  });
});
