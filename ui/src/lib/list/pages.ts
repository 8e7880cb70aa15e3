/**
 * A small cache of fetched pages for the virtual list: pages by index, the most recently
 * used kept, the rest dropped, and one request per page at a time. A new filter or sort
 * is a new `PageCache`: rows of one query never show under another.
 */
export type FetchPage<T> = (offset: number, limit: number) => Promise<T[]>;

export class PageCache<T> {
  private readonly pages = new Map<number, T[]>();
  private readonly inFlight = new Map<number, Promise<T[]>>();

  constructor(
    readonly pageSize: number,
    private readonly fetchPage: FetchPage<T>,
    /** Pages kept; the least recently used beyond it are dropped. */
    readonly capacity = 12,
  ) {}

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** The row at `index` if its page is loaded (and marks that page recently used). */
  row(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.touch(page);
    return rows?.[index - page * this.pageSize];
  }

  /** Loads `page` unless it is cached or already on its way. */
  load(page: number): Promise<T[]> {
    const cached = this.touch(page);
    if (cached) return Promise.resolve(cached);
    const pending = this.inFlight.get(page);
    if (pending) return pending;
    const request = this.fetchPage(page * this.pageSize, this.pageSize).then(
      (rows) => {
        this.inFlight.delete(page);
        this.pages.set(page, rows);
        this.evict(page);
        return rows;
      },
      (err: unknown) => {
        this.inFlight.delete(page);
        throw err;
      },
    );
    this.inFlight.set(page, request);
    return request;
  }

  get size(): number {
    return this.pages.size;
  }

  private touch(page: number): T[] | undefined {
    const rows = this.pages.get(page);
    if (rows) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.pages.delete(page);
      this.pages.set(page, rows);
    }
    return rows;
  }

  private evict(keep: number) {
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.capacity) break;
      if (page !== keep) this.pages.delete(page);
    }
  }
}
