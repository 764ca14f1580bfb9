/**
 * Cost and freshness fields (docs/fields.md#cost-and-freshness), on both engines: the bytes-scanned value in the
 * rows equals the figure the proxy logs for that query, the cost is Athena's price of those bytes, and a cached
 * answer says so (cost 0, the time its rows were read).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServiceSettings } from '../../../proxy/src/config';
import type { QueryResultResponse, QuerySpec } from '../../../protocol/contract';
import { estimateCostUsd } from '../../../proxy/src/fields/queryStatFields';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../../proxy/src/engines/athena';
import { createDuckDbEngine } from '../../../proxy/src/engines/duckdb';
import type { Engine } from '../../../proxy/src/port/engine';
import { createQueryService } from '../../../proxy/src/service/createQueryService';
import { CONTRACT_DATABASE, writeContractLake } from '../../engine-contract/contractLake';
import { startAthenaDouble } from '../../../testing/athenaDouble/server';

const FIELDS = [
  'name',
  'amount',
  'query__bytes_scanned',
  'query__cost_usd',
  'query_engine',
  'query_from_cache',
  'query_data_as_of',
];
const spec: QuerySpec = { database: CONTRACT_DATABASE, table: 'typed', fields: FIELDS.map((name) => ({ name })) };

interface Stack {
  engine: Engine;
  close(): Promise<void>;
}

async function stackFor(kind: 'duckdb' | 'athena', lakeDir: string): Promise<Stack> {
  const duckdb = await createDuckDbEngine({ lakeDir, database: CONTRACT_DATABASE, threads: 1 });
  if (kind === 'duckdb') return { engine: duckdb, close: () => duckdb.close() };
  const double = await startAthenaDouble({ engine: duckdb });
  const clients = createAwsClients(double.clientConfig);
  const athena = createAthenaEngine({
    ...clients,
    workGroup: double.workGroup,
    databases: [CONTRACT_DATABASE],
    resultReuseMaxAgeMinutes: 0,
  });
  return {
    engine: athena,
    close: async () => {
      await athena.close();
      destroyAwsClients(clients);
      await double.close();
      await duckdb.close();
    },
  };
}

let lakeDir: string;
beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'query-fields-'));
  await writeContractLake(lakeDir);
});
afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

describe.each(['duckdb', 'athena'] as const)('query fields on %s', (kind) => {
  it('carry the logged bytes scanned, the engine, the cost, the cache flag and the read time', async () => {
    const stack = await stackFor(kind, lakeDir);
    const logs: Record<string, unknown>[] = [];
    const service = createQueryService(stack.engine, loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '60000' }), (line) =>
      logs.push(line),
    );
    try {
      const before = Date.now();
      const first = (await service.startQuery(spec, { identity: 'tester' })).body as QueryResultResponse;
      const logged = logs.find((line) => line.event === 'query');
      expect(first.state).toBe('SUCCEEDED');
      expect(logged?.bytesScanned).toBeGreaterThan(0);
      const column = (answer: QueryResultResponse, id: string) =>
        answer.rows.map((row) => row[answer.schema.findIndex((f) => f.name === id)]);
      expect(new Set(column(first, 'query__bytes_scanned'))).toEqual(new Set([logged!.bytesScanned]));
      expect(first.stats.bytesScanned).toBe(logged!.bytesScanned);
      expect(new Set(column(first, 'query__cost_usd'))).toEqual(
        new Set([estimateCostUsd(logged!.bytesScanned as number)]),
      );
      expect(new Set(column(first, 'query_engine'))).toEqual(new Set([kind]));
      expect(new Set(column(first, 'query_from_cache'))).toEqual(new Set([false]));
      const readAt = column(first, 'query_data_as_of')[0] as string;
      expect(readAt).toMatch(/^\d{14}$/);
      expect(readAt >= new Date(before - 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)).toBe(true);

      const again = (await service.startQuery(spec, { identity: 'tester' })).body as QueryResultResponse;
      expect(again.stats.cached).toBe(true);
      expect(new Set(column(again, 'query_from_cache'))).toEqual(new Set([true]));
      expect(new Set(column(again, 'query__cost_usd'))).toEqual(new Set([0]));
      expect(new Set(column(again, 'query__bytes_scanned'))).toEqual(new Set([logged!.bytesScanned]));
      expect(column(again, 'query_data_as_of')[0]).toBe(readAt);
    } finally {
      await stack.close();
    }
  });
});

describe('estimated cost', () => {
  it('is Athena’s $5/TB, rounded up to the MB with a 10 MB minimum, and 0 for nothing scanned', () => {
    expect(estimateCostUsd(0)).toBe(0);
    expect(estimateCostUsd(1)).toBe(Number(((10 * 2 ** 20 * 5) / 2 ** 40).toPrecision(6)));
    expect(estimateCostUsd(2 ** 40)).toBe(5);
    expect(estimateCostUsd(11 * 2 ** 20 + 1)).toBe(Number(((12 * 2 ** 20 * 5) / 2 ** 40).toPrecision(6)));
  });
});
