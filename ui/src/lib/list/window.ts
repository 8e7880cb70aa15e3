/**
 * Windowing math for a fixed-row-height virtual list, as pure functions.
 *
 * Engines cap an element's height (WebKit and Chromium near 33 million px, Firefox near
 * 17.9 million), and 1,000,000 rows of 32 px are 32 million px. Past `MAX_SCROLL_PX` the
 * scroll range is compressed: the scrollbar maps proportionally onto the rows, while the
 * rows on screen still move pixel for pixel within a page-sized neighbourhood.
 */

/** Largest spacer height we let the engine lay out. */
export const MAX_SCROLL_PX = 8_000_000;

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Rows rendered above and below the visible ones. */
  overscan: number;
  /** Hard cap on rendered rows (keeps the DOM small whatever the viewport). */
  maxRows: number;
  maxScrollPx?: number;
}

export interface ListWindow {
  /** First rendered row index (inclusive). */
  start: number;
  /** One past the last rendered row index. */
  end: number;
  /** Height of the scrolling content (the spacer). */
  contentHeight: number;
  /** Where the first rendered row is drawn, in content pixels. */
  offsetTop: number;
}

/** Spacer height for `total` rows, compressed past the engine's limit. */
export function contentHeight(total: number, rowHeight: number, maxScrollPx = MAX_SCROLL_PX): number {
  return Math.min(Math.max(0, total) * rowHeight, maxScrollPx);
}

/**
 * Which rows to render for a scroll position, and where to draw them. With no
 * compression this is `floor(scrollTop / rowHeight)`; with compression the scroll fraction
 * picks the row and the sub-row remainder keeps small scrolls smooth.
 */
export function computeWindow(input: WindowInput): ListWindow {
  const { rowHeight, overscan, maxRows } = input;
  const total = Math.max(0, Math.floor(input.total));
  const viewport = Math.max(0, input.viewportHeight);
  const maxPx = input.maxScrollPx ?? MAX_SCROLL_PX;
  const height = contentHeight(total, rowHeight, maxPx);
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0, contentHeight: height, offsetTop: 0 };

  const realHeight = total * rowHeight;
  const maxScroll = Math.max(0, height - viewport);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const realMaxScroll = Math.max(0, realHeight - viewport);
  // 1 when nothing is compressed; otherwise how many real pixels one scrolled pixel is.
  const ratio = maxScroll > 0 ? realMaxScroll / maxScroll : 1;
  const virtualTop = scrollTop * ratio;

  const firstVisible = Math.min(total - 1, Math.floor(virtualTop / rowHeight));
  const visibleCount = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(total, start + Math.min(maxRows, firstVisible - start + visibleCount + overscan));
  // Row `firstVisible` sits (virtualTop - its top) above the viewport's top edge.
  const intoRow = virtualTop - firstVisible * rowHeight;
  const offsetTop = scrollTop - intoRow - (firstVisible - start) * rowHeight;
  return { start, end, contentHeight: height, offsetTop };
}

/** The scrollTop that brings row `index` to the top of the viewport. */
export function scrollTopForRow(
  index: number,
  total: number,
  rowHeight: number,
  viewportHeight: number,
  maxScrollPx = MAX_SCROLL_PX,
): number {
  const height = contentHeight(total, rowHeight, maxScrollPx);
  const maxScroll = Math.max(0, height - viewportHeight);
  const realMaxScroll = Math.max(0, total * rowHeight - viewportHeight);
  const ratio = maxScroll > 0 ? realMaxScroll / maxScroll : 1;
  return Math.min(maxScroll, Math.max(0, (index * rowHeight) / ratio));
}

/** Page indexes (of `pageSize` rows) that cover rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start || pageSize <= 0) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}
