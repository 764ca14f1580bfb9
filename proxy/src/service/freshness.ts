/**
 * Which earlier answers may still serve a request: pure arithmetic over instants, shared by the result cache, the
 * in-flight coalescing and the engine's own result reuse (Athena), so the three never disagree.
 */
import type { QuerySpec } from '../../../protocol/contract';

/**
 * The instant (epoch ms) before which no computed answer may be served: Looker Studio's lastRefresh, the last time
 * new data landed in the table, and the data source's cache lifetime (docs/fields.md#cache-lifetime).
 */
export function notBeforeOf(
  spec: Pick<QuerySpec, 'lastRefresh' | 'maxCacheAgeSeconds'>,
  tableChangedAt: number,
  now: number,
): number {
  const maxAge = spec.maxCacheAgeSeconds;
  const oldest = maxAge === undefined ? 0 : now - maxAge * 1000;
  return Math.max(spec.lastRefresh ? Date.parse(spec.lastRefresh) : 0, tableChangedAt, oldest);
}

/**
 * How old an engine-side stored result may be, in whole minutes (Athena result reuse, docs/athena.md#result-reuse):
 * never older than the cache lifetime (the data source's own, else the table's), and never from before `notBefore`
 * — a "refresh data" in the current minute turns reuse off.
 */
export function reuseMaxAgeMinutes(cacheTtlMs: number, notBefore: number, now: number, maxAgeSeconds?: number): number {
  const cacheMs = maxAgeSeconds === undefined ? cacheTtlMs : maxAgeSeconds * 1000;
  const cacheMinutes = Math.floor(cacheMs / 60_000);
  if (notBefore <= 0) return cacheMinutes;
  return Math.max(0, Math.min(cacheMinutes, Math.floor((now - notBefore) / 60_000)));
}
