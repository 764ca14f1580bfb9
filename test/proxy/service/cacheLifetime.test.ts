/** A data source's cache lifetime (QuerySpec.maxCacheAgeSeconds) is honoured by the proxy's result cache. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { QuerySpec } from '../../../protocol/contract';
import { createDuckDbEngine, type DuckDbEngine } from '../../../proxy/src/engines/duckdb';
import type { StartOptions } from '../../../proxy/src/port/engine';
import { parseQuerySpec } from '../../../proxy/src/service/parseQuerySpec';
import { QueryService } from '../../../proxy/src/service/queryService';
import { CONTRACT_DATABASE, writeContractLake } from '../../engine-contract/contractLake';

let lakeDir: string;
let engine: DuckDbEngine;
let clock = 1_700_000_000_000;
const started: StartOptions[] = [];

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'cache-lifetime-'));
  await writeContractLake(lakeDir);
  engine = await createDuckDbEngine({ lakeDir, database: CONTRACT_DATABASE, threads: 1 });
  const start = engine.startQuery.bind(engine);
  engine.startQuery = (sql, options) => {
    started.push(options);
    return start(sql, options);
  };
});
afterAll(async () => {
  await engine?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

function service(): QueryService {
  return new QueryService({
    engine,
    now: () => clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    log: () => undefined,
    waitBudgetMs: 5_000,
    maxRows: 1_000_000,
    sampleRows: 20,
    page: { pageTargetBytes: 1_000_000, probeRows: 100, maxPageRows: 1000 },
    cache: { maxBytes: 10_000_000, ttlMs: 300_000 },
    catalogTtlMs: 300_000,
    defaultTimeZone: 'UTC',
    poll: { firstDelayMs: 1, maxDelayMs: 5 },
    admission: { maxRunning: 2, maxQueued: 10 },
  });
}

const spec = (maxCacheAgeSeconds?: number): QuerySpec => ({
  database: CONTRACT_DATABASE,
  table: 'typed',
  fields: [{ name: 'name' }, { name: 'record_count__rows' }],
  ...(maxCacheAgeSeconds === undefined ? {} : { maxCacheAgeSeconds }),
});

async function cached(s: QueryService, q: QuerySpec): Promise<boolean> {
  const answer = await s.startQuery(q, { identity: 'tester' });
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return answer.body.stats.cached;
}

describe('cache lifetime of a data source', () => {
  it('answers from cache only while the result is younger than the lifetime, and passes it to the engine', async () => {
    const s = service();
    expect(await cached(s, spec(60))).toBe(false);
    expect(started.at(-1)?.reuseMaxAgeMinutes).toBe(1); // Athena reuse never outlives the data source's lifetime
    clock += 30_000;
    expect(await cached(s, spec(60))).toBe(true);
    expect(await cached(s, spec(10))).toBe(false); // a stricter data source does not take a 30 s old result
    clock += 61_000;
    expect(await cached(s, spec(60))).toBe(false);
  });

  it('0 always queries; without a lifetime the proxy TTL applies', async () => {
    const s = service();
    expect(await cached(s, spec(0))).toBe(false);
    expect(await cached(s, spec(0))).toBe(false);
    expect(await cached(s, spec())).toBe(false);
    clock += 299_000;
    expect(await cached(s, spec())).toBe(true);
  });

  it('is validated: a whole number of seconds from 0 to 3600', () => {
    const body = (value: unknown) => ({
      database: 'lake',
      table: 't',
      fields: [{ name: 'a' }],
      maxCacheAgeSeconds: value,
    });
    expect(parseQuerySpec(body(3600)).maxCacheAgeSeconds).toBe(3600);
    for (const bad of [-1, 3601, 1.5, '60']) expect(() => parseQuerySpec(body(bad))).toThrow(/maxCacheAgeSeconds/);
  });
});
