import { describe, expect, it } from 'vitest';
import { computeWindow, contentHeight, pagesFor, scrollTopForRow } from './window';

const base = { viewportHeight: 320, rowHeight: 32, overscan: 5, maxRows: 100 };

describe('computeWindow', () => {
  it('renders the visible rows plus overscan at the top', () => {
    const w = computeWindow({ ...base, scrollTop: 0, total: 1000 });
    expect(w.start).toBe(0);
    // 10 visible + 1 partial + 5 overscan below.
    expect(w.end).toBe(16);
    expect(w.offsetTop).toBe(0);
    expect(w.contentHeight).toBe(32_000);
  });

  it('follows the scroll position pixel for pixel when uncompressed', () => {
    const w = computeWindow({ ...base, scrollTop: 3200 + 16, total: 1000 });
    expect(w.start).toBe(95);
    expect(w.end - w.start).toBe(21);
    // Row 100 is drawn at 3200, so row 95 at 3200 - 5 rows.
    expect(w.offsetTop).toBe(3200 - 5 * 32);
  });

  it('never renders past the last row, or more than maxRows', () => {
    const end = computeWindow({ ...base, scrollTop: 1e9, total: 1000 });
    expect(end.end).toBe(1000);
    expect(end.start).toBeGreaterThan(980);
    const tall = computeWindow({ ...base, viewportHeight: 10_000, scrollTop: 0, total: 1000 });
    expect(tall.end - tall.start).toBe(100);
  });

  it('compresses 1M rows into the engine limit and still reaches both ends', () => {
    const total = 1_000_000;
    const top = computeWindow({ ...base, scrollTop: 0, total, maxScrollPx: 1_000_000 });
    expect(top.contentHeight).toBe(1_000_000);
    expect(top.start).toBe(0);
    const bottom = computeWindow({ ...base, scrollTop: 1_000_000, total, maxScrollPx: 1_000_000 });
    expect(bottom.end).toBe(total);
    // The last row's bottom lines up with the viewport's bottom edge.
    const lastRowBottom = bottom.offsetTop + (bottom.end - bottom.start) * 32;
    expect(lastRowBottom).toBeCloseTo(1_000_000, 6);
    const middle = computeWindow({ ...base, scrollTop: 500_000 - 160, total, maxScrollPx: 1_000_000 });
    expect(middle.start).toBeGreaterThan(499_000 - 10);
    expect(middle.start).toBeLessThan(500_000);
    expect(middle.end - middle.start).toBeLessThanOrEqual(100);
  });

  it('handles an empty list', () => {
    expect(computeWindow({ ...base, scrollTop: 50, total: 0 })).toEqual({
      start: 0,
      end: 0,
      contentHeight: 0,
      offsetTop: 0,
    });
  });
});

describe('scrollTopForRow', () => {
  it('inverts the window math', () => {
    const total = 1_000_000;
    const top = scrollTopForRow(123_456, total, 32, 320, 1_000_000);
    const w = computeWindow({ ...base, scrollTop: top, total, maxScrollPx: 1_000_000 });
    expect(w.start + base.overscan).toBe(123_456);
    expect(scrollTopForRow(10, 1000, 32, 320)).toBe(320);
  });
});

describe('contentHeight and pagesFor', () => {
  it('caps the spacer height', () => {
    expect(contentHeight(10, 32)).toBe(320);
    expect(contentHeight(1_000_000, 32)).toBe(8_000_000);
  });

  it('lists the pages covering a row range', () => {
    expect(pagesFor(0, 16, 100)).toEqual([0]);
    expect(pagesFor(95, 116, 100)).toEqual([0, 1]);
    expect(pagesFor(250, 250, 100)).toEqual([]);
    expect(pagesFor(999_990, 1_000_000, 100)).toEqual([9999]);
  });
});
