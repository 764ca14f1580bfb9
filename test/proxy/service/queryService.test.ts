/**
 * QueryService orchestration with a hand-written engine whose steps the test releases one by one, so the
 * in-between moments of coalescing and caching can be checked exactly.
 */
import type { Engine, ResultSlice } from '../../../proxy/src/port/engine';
import { QueryService } from '../../../proxy/src/service/queryService';
import { realSleep } from '../../../proxy/src/service/waitForQuery';
import { OneTableEngine } from './oneTableEngine';

class GatedEngine extends OneTableEngine {
  readonly name = 'gated';
  protected bytesScanned = 10;
  starts = 0;
  reads = 0;
  private releaseRead!: () => void;
  readGate = new Promise<void>((resolve) => (this.releaseRead = resolve));

  openReads() {
    this.releaseRead();
  }
  async startQuery() {
    this.starts++;
    return `q-${this.starts}`;
  }
  async readResults(): Promise<ResultSlice> {
    this.reads++;
    await this.readGate;
    return {
      rows: [
        ['Berlin', '3'],
        ['Lisbon', '2'],
      ],
      totalRows: 2,
    };
  }
}

function service(engine: Engine, waitBudgetMs = 5000, ttlByTable: Record<string, number> = {}, maxQueued = 0) {
  return new QueryService({
    engine,
    now: Date.now,
    sleep: realSleep,
    log: () => undefined,
    waitBudgetMs,
    maxRows: 1000,
    sampleRows: 5,
    page: { pageTargetBytes: 1_000_000, probeRows: 100, maxPageRows: 1000 },
    cache: { maxBytes: 1_000_000, ttlMs: 60_000, ttlByTable },
    catalogTtlMs: 60_000,
    admission: { maxRunning: 2, maxQueued },
    defaultTimeZone: 'UTC',
    poll: { firstDelayMs: 1, maxDelayMs: 2 },
  });
}

const spec = { database: 'lake', table: 't', fields: [{ name: 'city' }, { name: 'record_count' }] };
const caller = { identity: 'alice' };
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('QueryService', () => {
  it('shares one execution and one first-page read between a request and one arriving after the engine finished', async () => {
    const engine = new GatedEngine();
    const svc = service(engine);
    const first = svc.startQuery(spec, caller);
    await tick();
    engine.finished = true;
    await tick();
    const second = svc.startQuery(spec, caller);
    await tick();
    engine.openReads();
    const [a, b] = await Promise.all([first, second]);
    expect(engine.starts).toBe(1);
    expect(engine.reads).toBe(1);
    expect(a.body).toEqual(b.body);
    expect(a.status).toBe(200);
  });

  it('answers later identical requests from the cache, for any caller (keyed by the compiled query, not who asked)', async () => {
    const engine = new GatedEngine();
    engine.finished = true;
    engine.openReads();
    const svc = service(engine);
    await svc.startQuery(spec, caller);
    const again = await svc.startQuery(spec, caller);
    expect(again.status === 200 && again.body.stats.cached).toBe(true);
    const bob = await svc.startQuery(spec, { identity: 'bob' });
    expect(bob.status === 200 && bob.body.stats.cached).toBe(true);
    expect(engine.starts).toBe(1);
    // Same result, but each caller gets its own query id.
    expect(bob.body.queryId).not.toBe(again.body.queryId);
  });

  it('answers 202 with a token when the budget runs out, and refuses executions beyond the admission limit', async () => {
    const engine = new GatedEngine();
    const svc = service(engine, 5);
    const pending = await svc.startQuery(spec, caller);
    expect(pending.status).toBe(202);
    await svc.startQuery({ ...spec, limit: 7 }, caller);
    await expect(svc.startQuery({ ...spec, limit: 8 }, caller)).rejects.toMatchObject({
      code: 'TOO_MANY_QUERIES',
      status: 429,
    });
    engine.finished = true;
    engine.openReads();
    if (pending.status !== 202) throw new Error('expected 202');
    const polled = await svc.getQuery(pending.body.queryId, undefined, caller);
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({
      rows: [
        ['Berlin', 3],
        ['Lisbon', 2],
      ],
      filtersApplied: true,
    });
  });

  it("uses the table's own cache TTL when one is configured (0 = never cached)", async () => {
    const engine = new GatedEngine();
    engine.finished = true;
    engine.openReads();
    const svc = service(engine, 5000, { 'lake.t': 0 });
    await svc.startQuery(spec, caller);
    const again = await svc.startQuery(spec, caller);
    expect(again.status === 200 && again.body.stats.cached).toBe(false);
    expect(engine.starts).toBe(2);
  });

  it('refuses a queued query with 429 once the wait budget passes without a free slot (no request outlives it)', async () => {
    const engine = new GatedEngine();
    const svc = service(engine, 30, {}, 5);
    await svc.startQuery({ ...spec, limit: 1 }, caller);
    await svc.startQuery({ ...spec, limit: 2 }, caller);
    const started = Date.now();
    await expect(svc.startQuery({ ...spec, limit: 3 }, caller)).rejects.toMatchObject({ code: 'TOO_MANY_QUERIES' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(engine.starts).toBe(2);
    engine.finished = true; // lets the two running queries' pollers end
    engine.openReads();
  });

  it('reports a result larger than the row limit as truncated, serving only the limit', async () => {
    const engine = new GatedEngine();
    engine.finished = true;
    engine.openReads();
    const svc = service(engine);
    const answer = await svc.startQuery({ ...spec, limit: 1 }, caller);
    expect(answer.status === 200 && answer.body).toMatchObject({
      truncated: true,
      rows: [['Berlin', 3]],
      page: { totalRows: 1 },
    });
    const fits = await svc.startQuery({ ...spec, limit: 2 }, caller);
    expect(fits.status === 200 && fits.body.truncated).toBeUndefined();
  });

  it('never answers a request whose filters fell back with a cached answer that says filters were applied', async () => {
    const engine = new GatedEngine();
    engine.finished = true;
    engine.openReads();
    const svc = service(engine);
    const plain = await svc.startQuery(spec, caller);
    const lookbehind = [
      [
        {
          fieldName: 'city',
          values: ['(?<=B)erlin'],
          type: 'INCLUDE' as const,
          operator: 'REGEXP_PARTIAL_MATCH' as const,
        },
      ],
    ];
    const fallback = await svc.startQuery({ ...spec, dimensionsFilters: lookbehind }, caller);
    expect(plain.status === 200 && plain.body.filtersApplied).toBe(true);
    expect(fallback.status === 200 && fallback.body.filtersApplied).toBe(false);
  });
});
