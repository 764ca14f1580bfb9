/**
 * A Looker Studio "refresh data" (lastRefresh) must reach past every stored result: the proxy cache, an execution
 * still running from before the refresh, and Athena's own result reuse (docs/athena.md#result-reuse).
 */
import type { Engine, ResultSlice, StartOptions } from '../../../proxy/src/port/engine';
import { QueryService } from '../../../proxy/src/service/queryService';
import { realSleep } from '../../../proxy/src/service/waitForQuery';
import { OneTableEngine } from './oneTableEngine';

class RecordingEngine extends OneTableEngine {
  readonly name = 'recording';
  readonly starts: StartOptions[] = [];
  finished = true;
  async startQuery(_sql: string, options: StartOptions) {
    this.starts.push(options);
    return `q-${this.starts.length}`;
  }
  async readResults(): Promise<ResultSlice> {
    return { rows: [['Berlin', '3']], totalRows: 1 };
  }
}

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

function service(engine: Engine, ttlMs = 60 * 60_000, waitBudgetMs = 2000) {
  return new QueryService({
    engine,
    now: () => NOW,
    sleep: realSleep,
    log: () => undefined,
    waitBudgetMs,
    maxRows: 1000,
    sampleRows: 5,
    page: { pageTargetBytes: 1_000_000, probeRows: 100, maxPageRows: 1000 },
    cache: { maxBytes: 1_000_000, ttlMs },
    catalogTtlMs: 60_000,
    admission: { maxRunning: 4, maxQueued: 4 },
    defaultTimeZone: 'UTC',
    poll: { firstDelayMs: 1, maxDelayMs: 2 },
  });
}

const spec = { database: 'lake', table: 't', fields: [{ name: 'city' }, { name: 'record_count' }] };
const caller = { identity: 'alice' };
const iso = (ms: number) => new Date(ms).toISOString();

describe('refresh data reaches Athena result reuse', () => {
  it("lets Athena reuse results up to the table's cache freshness when nothing was refreshed", async () => {
    const engine = new RecordingEngine();
    await service(engine, 15 * 60_000).startQuery(spec, caller);
    expect(engine.starts[0].reuseMaxAgeMinutes).toBe(15);
  });

  it('turns reuse off for a refresh in the current minute, and bounds it by the time since an older refresh', async () => {
    const engine = new RecordingEngine();
    await service(engine).startQuery({ ...spec, lastRefresh: iso(NOW - 20_000) }, caller);
    await service(engine).startQuery({ ...spec, lastRefresh: iso(NOW - 10 * 60_000) }, caller);
    await service(engine).startQuery({ ...spec, lastRefresh: iso(NOW - 5 * 60 * 60_000) }, caller);
    expect(engine.starts.map((start) => start.reuseMaxAgeMinutes)).toEqual([0, 10, 60]);
    // The refresh time itself goes to the engine (Athena hashes it into the request token).
    expect(engine.starts.map((start) => start.notBefore)).toEqual([
      NOW - 20_000,
      NOW - 10 * 60_000,
      NOW - 5 * 60 * 60_000,
    ]);
  });

  it('does not join an execution that started before the refresh, but does join one started after it', async () => {
    const engine = new RecordingEngine();
    engine.finished = false;
    const svc = service(engine, 60 * 60_000, 20);
    await svc.startQuery(spec, caller);
    await svc.startQuery({ ...spec, lastRefresh: iso(NOW + 1) }, caller);
    const joined = svc.startQuery({ ...spec, lastRefresh: iso(NOW - 1) }, caller);
    engine.finished = true; // lets every execution (and its polling) end
    await joined;
    expect(engine.starts).toHaveLength(2);
  });
});
