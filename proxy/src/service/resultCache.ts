/**
 * A byte-bounded LRU of finished query results, with a time-to-live. Keys are the engine, the output plan and the
 * canonical SQL, which carries the viewer's row filters (see queryService): viewers under the same rules share an
 * entry, different rules never do.
 * Map iteration order is insertion order, which gives LRU for free: a hit is re-inserted at the end.
 */
export interface CacheEntry<T> {
  value: T;
  bytes: number;
  storedAt: number;
  ttlMs: number;
}

export interface ResultCacheOptions {
  maxBytes: number;
  ttlMs: number;
  now: () => number;
}

export class ResultCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private totalBytes = 0;

  constructor(private readonly options: ResultCacheOptions) {}

  /** The entry if present, fresh, and stored after `notBefore` (Looker Studio's lastRefresh). */
  get(key: string, notBefore = 0): CacheEntry<T> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.options.now();
    if (now - entry.storedAt > entry.ttlMs || entry.storedAt < notBefore) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Stores a value unless it alone exceeds the budget (or its TTL is 0); evicts least recently used entries to make
   * room. `ttlMs` overrides the default time-to-live for this entry (per-table TTLs). `computedAt` is when the data
   * was read (the execution's start; default now): freshness is judged by it, so a query that started before a
   * refresh but finished after it never passes as fresh, and never replaces an entry computed later.
   */
  set(key: string, value: T, bytes: number, { ttlMs, computedAt }: { ttlMs?: number; computedAt?: number } = {}): void {
    ttlMs ??= this.options.ttlMs;
    computedAt ??= this.options.now();
    const existing = this.entries.get(key);
    if (existing && existing.storedAt > computedAt) return;
    this.delete(key);
    if (bytes > this.options.maxBytes || ttlMs <= 0) return;
    this.entries.set(key, { value, bytes, storedAt: computedAt, ttlMs });
    this.totalBytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.totalBytes <= this.options.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.totalBytes };
  }
}
