/**
 * A byte-bounded LRU of finished query results, with a time-to-live. Keys already include the caller identity,
 * the engine and the canonical SQL (see queryService), so one caller never sees another's cached rows.
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
   * room. `ttlMs` overrides the default time-to-live for this entry (per-table TTLs).
   */
  set(key: string, value: T, bytes: number, ttlMs = this.options.ttlMs): void {
    this.delete(key);
    if (bytes > this.options.maxBytes || ttlMs <= 0) return;
    this.entries.set(key, { value, bytes, storedAt: this.options.now(), ttlMs });
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
