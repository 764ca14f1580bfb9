import { ResultCache } from '../../../proxy/src/service/resultCache';

function cacheAt(maxBytes: number, ttlMs: number) {
  let now = 1000;
  const cache = new ResultCache<string>({ maxBytes, ttlMs, now: () => now });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('ResultCache', () => {
  it('returns what was stored', () => {
    const { cache } = cacheAt(100, 1000);
    cache.set('a', 'A', 10);
    expect(cache.get('a')?.value).toBe('A');
  });

  it('evicts the least recently used entries to stay within the byte budget', () => {
    const { cache } = cacheAt(30, 1000);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    cache.get('a');
    cache.set('c', 'C', 15);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.value).toBe('A');
    expect(cache.get('c')?.value).toBe('C');
    expect(cache.size).toEqual({ entries: 2, bytes: 25 });
  });

  it('never stores an entry larger than the whole budget', () => {
    const { cache } = cacheAt(30, 1000);
    cache.set('big', 'X', 31);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.size.bytes).toBe(0);
  });

  it('expires entries after the TTL', () => {
    const { cache, advance } = cacheAt(100, 1000);
    cache.set('a', 'A', 1);
    advance(1001);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size.entries).toBe(0);
  });

  it('ignores entries stored before lastRefresh', () => {
    const { cache, advance } = cacheAt(100, 10_000);
    cache.set('a', 'A', 1);
    advance(50);
    expect(cache.get('a', 1001)).toBeUndefined();
  });

  it('replacing a key does not count its bytes twice', () => {
    const { cache } = cacheAt(100, 1000);
    cache.set('a', 'A', 40);
    cache.set('a', 'B', 50);
    expect(cache.size).toEqual({ entries: 1, bytes: 50 });
  });

  it('honours a per-entry TTL, and a TTL of 0 stores nothing', () => {
    const { cache, advance } = cacheAt(100, 10_000);
    cache.set('short', 'S', 1, { ttlMs: 100 });
    cache.set('never', 'N', 1, { ttlMs: 0 });
    cache.set('default', 'D', 1);
    advance(101);
    expect(cache.get('short')).toBeUndefined();
    expect(cache.get('never')).toBeUndefined();
    expect(cache.get('default')?.value).toBe('D');
  });

  it('judges freshness by when the data was read, and never lets an older read replace a newer one', () => {
    const { cache, advance } = cacheAt(100, 10_000);
    // A query started at 1000, a refresh at 1500, the query finished (and was stored) at 2000: not fresh.
    advance(1000);
    cache.set('a', 'started before the refresh', 10, { computedAt: 1000 });
    expect(cache.get('a', 1500)).toBeUndefined();
    cache.set('b', 'newer', 10, { computedAt: 1800 });
    cache.set('b', 'older, finished later', 10, { computedAt: 1200 });
    expect(cache.get('b')?.value).toBe('newer');
  });
});
