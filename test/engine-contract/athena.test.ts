/**
 * The engine contract on the Athena engine, through the real SDK clients against the loopback Athena API double
 * (which runs the SQL on DuckDB over the same contract lake), plus the one check only this pairing can make: a
 * large result read through Athena's S3 CSV path equals the DuckDB engine's, chunk by chunk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../proxy/src/engines/athena';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import type { Engine } from '../../proxy/src/port/engine';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import { BIG_ROWS, CONTRACT_DATABASE, writeContractLake } from './contractLake';
import { describeEngineContract } from './engineContract';
import { BIG_SQL, CHUNK_ROWS } from './largeResultContract';
import { runToEnd } from './runQuery';

interface AthenaStack {
  athena: Engine;
  duckdb: DuckDbEngine;
  double: AthenaDouble;
  teardown(): Promise<void>;
}

async function startAthenaStack(): Promise<AthenaStack> {
  const lakeDir = mkdtempSync(path.join(os.tmpdir(), 'contract-lake-'));
  await writeContractLake(lakeDir);
  const duckdb = await createDuckDbEngine({ lakeDir, database: CONTRACT_DATABASE });
  const double = await startAthenaDouble({ engine: duckdb, glueTablesPageSize: 1 });
  const clients = createAwsClients(double.clientConfig);
  const athena = createAthenaEngine({
    ...clients,
    workGroup: double.workGroup,
    databases: [CONTRACT_DATABASE],
    resultReuseMaxAgeMinutes: 0,
  });
  return {
    athena,
    duckdb,
    double,
    async teardown() {
      await athena.close();
      destroyAwsClients(clients);
      await double.close();
      await duckdb.close();
      rmSync(lakeDir, { recursive: true, force: true });
    },
  };
}

describeEngineContract('athena (API double)', async () => {
  const stack = await startAthenaStack();
  return { engine: stack.athena, teardown: stack.teardown };
});

describe('Athena S3 CSV path against the DuckDB engine', () => {
  let stack: AthenaStack;
  beforeAll(async () => {
    stack = await startAthenaStack();
  });
  afterAll(() => stack?.teardown());

  it(`returns the same ${BIG_ROWS.toLocaleString('en')} rows, compared chunk by chunk`, async () => {
    const viaAthena = await runToEnd(stack.athena, BIG_SQL, 0, 0);
    const viaDuckDb = await runToEnd(stack.duckdb, BIG_SQL, 0, 0);
    const s3Reads = stack.double.calls('S3.GetObject');
    for (let offset = 0; offset < BIG_ROWS; offset += CHUNK_ROWS) {
      const [a, d] = await Promise.all([
        stack.athena.readResults(viaAthena.queryId, offset, CHUNK_ROWS),
        stack.duckdb.readResults(viaDuckDb.queryId, offset, CHUNK_ROWS),
      ]);
      expect(a.totalRows).toBe(d.totalRows);
      expect(a.rows.length).toBe(d.rows.length);
      if (JSON.stringify(a.rows) !== JSON.stringify(d.rows)) expect(a.rows).toEqual(d.rows);
    }
    expect(stack.double.calls('S3.GetObject')).toBeGreaterThan(s3Reads);
  });
});
