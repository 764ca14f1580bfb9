/**
 * Differential test (docs/athena.md#differential-test): DIFF_SPECS (default 500) random specs from DIFF_SEED run
 * through the query service twice — on the DuckDB engine directly, and on the Athena engine through the real SDK
 * against the Athena API double (Trino checks, Trino's varchar→double cast rules, Athena result CSV, S3 reads) —
 * and must give identical answers. A last case shows the comparison notices a genuine Trino/DuckDB difference:
 * the bare `try_cast(text AS double)` the compiler no longer emits selects different rows on the two paths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServiceSettings } from '../../proxy/src/config';
import type { QuerySpec } from '../../protocol/contract';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../proxy/src/engines/athena';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import type { Engine } from '../../proxy/src/port/engine';
import { asProxyError } from '../../proxy/src/errors';
import { QueryService } from '../../proxy/src/service/queryService';
import { realSleep } from '../../proxy/src/service/waitForQuery';
import { runToEnd } from '../engine-contract/runQuery';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import { DIFF_DATABASE, DIFF_TABLE, writeDifferentialLake } from './differentialLake';
import { mulberry32, randomSpec } from './differentialSpecs';
import { MAX_PAGE_ROWS } from '../../proxy/src/service/resultPages';

const SPECS = Number(process.env.DIFF_SPECS ?? 500);
const SEED = Number(process.env.DIFF_SEED ?? Date.now() % 1_000_000);

let lakeDir: string;
let duckdb: DuckDbEngine;
let double: AthenaDouble;
let clients: ReturnType<typeof createAwsClients>;
let athena: Engine;
let direct: QueryService;
let throughAthena: QueryService;

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'diff-lake-'));
  await writeDifferentialLake(lakeDir);
  duckdb = await createDuckDbEngine({ lakeDir, database: DIFF_DATABASE });
  double = await startAthenaDouble({ engine: duckdb });
  clients = createAwsClients(double.clientConfig);
  athena = createAthenaEngine({
    ...clients,
    workGroup: double.workGroup,
    databases: [DIFF_DATABASE],
    resultReuseMaxAgeMinutes: 0,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
  });
  direct = service(duckdb);
  throughAthena = service(athena);
});
afterAll(async () => {
  if (clients) destroyAwsClients(clients);
  await double?.close();
  await duckdb?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

/** The production wiring (createQueryService) with no cache and brisk polling: the double answers in ms. */
function service(engine: Engine): QueryService {
  const settings = loadServiceSettings({});
  return new QueryService({
    engine,
    now: Date.now,
    sleep: realSleep,
    log: () => undefined,
    waitBudgetMs: 20_000,
    maxRows: settings.maxRows,
    sampleRows: settings.sampleRows,
    page: { pageTargetBytes: settings.pageTargetBytes, probeRows: 2000, maxPageRows: MAX_PAGE_ROWS },
    cache: { maxBytes: 1, ttlMs: 0 },
    catalogTtlMs: 60_000,
    defaultTimeZone: 'UTC',
    poll: { firstDelayMs: 1, maxDelayMs: 4 },
    admission: { maxRunning: 4, maxQueued: 16 },
  });
}

/** The comparable part of an answer: rows (as a sorted multiset), schema and filtersApplied, or the error code. */
async function answerOf(service: QueryService, spec: QuerySpec): Promise<string> {
  try {
    const answer = await service.startQuery(spec, { identity: 'diff' });
    if (answer.status !== 200) return `still ${answer.body.state}`;
    const { rows, schema, filtersApplied, page } = answer.body;
    if (page.count !== 1) return `${page.count} pages`;
    return JSON.stringify({ schema, filtersApplied, rows: rows.map((row) => JSON.stringify(row)).sort() });
  } catch (error) {
    const { code, status } = asProxyError(error);
    return `error ${status} ${code}`;
  }
}

describe('Athena engine + double vs DuckDB directly', () => {
  it(`answers ${SPECS} random specs (seed ${SEED}) identically`, async () => {
    const rng = mulberry32(SEED);
    const aggregated = await direct.tableSchema(DIFF_DATABASE, DIFF_TABLE, true);
    const raw = await direct.tableSchema(DIFF_DATABASE, DIFF_TABLE, false);
    const mismatches: string[] = [];
    const outcomes = { rows: 0, filtered: 0, errors: 0 };
    for (let i = 0; i < SPECS; i++) {
      const spec = randomSpec(rng, aggregated, raw);
      const [a, b] = [await answerOf(direct, spec), await answerOf(throughAthena, spec)];
      if (a !== b)
        mismatches.push(
          `spec ${i}: ${JSON.stringify(spec)}\n  duckdb: ${a.slice(0, 400)}\n  athena: ${b.slice(0, 400)}`,
        );
      if (a.startsWith('error')) outcomes.errors += 1;
      else if (a.includes('"filtersApplied":true') && spec.dimensionsFilters) outcomes.filtered += 1;
      else outcomes.rows += 1;
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The specs must exercise pushed-down filters, not only fallbacks or errors.
    expect(outcomes.filtered).toBeGreaterThan(SPECS / 5);
    expect(outcomes.errors).toBeLessThan(SPECS / 5);
  });

  it('notices a genuine engine difference: a bare try_cast(text AS double) selects other rows through Athena', async () => {
    const sql = `SELECT "code" FROM "${DIFF_DATABASE}"."${DIFF_TABLE}" WHERE try_cast("code" AS double) > 5 ORDER BY 1`;
    const viaDuckdb = (await runToEnd(duckdb, sql)).slice.rows.map((row) => row[0]);
    const viaAthena = (await runToEnd(athena, sql)).slice.rows.map((row) => row[0]);
    // DuckDB reads 'inf' and '1_000' as numbers, Trino (Java) reads 'Infinity', ' 12' and '1d'-style spellings.
    expect(new Set(viaDuckdb)).not.toEqual(new Set(viaAthena));
    expect(viaDuckdb).toContain('inf');
    expect(viaAthena).not.toContain('inf');
    expect(viaAthena).toContain('Infinity');
  });
});
