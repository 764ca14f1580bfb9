/**
 * One Athena engine world for tests: the contract lake served by DuckDB behind the loopback Athena API double, and
 * the real SDK clients pointed at it. Registers its own beforeAll/afterAll; `engine()` builds an Athena engine over
 * the shared clients with test-friendly defaults (no retry sleeps).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createAthenaEngine,
  createAwsClients,
  destroyAwsClients,
  type AthenaEngineOptions,
} from '../../proxy/src/engines/athena';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import { CONTRACT_DATABASE, writeContractLake } from './contractLake';

export interface AthenaWorld {
  /** The double (fault injection, call counts); valid inside tests. */
  double(): AthenaDouble;
  /** The DuckDB engine behind the double (for a second double in a test). */
  duckdb(): DuckDbEngine;
  engine(overrides?: Partial<AthenaEngineOptions>): ReturnType<typeof createAthenaEngine>;
}

export function useAthenaOverDouble(defaults: Partial<AthenaEngineOptions> = {}): AthenaWorld {
  let lakeDir: string;
  let duckdb: DuckDbEngine;
  let double: AthenaDouble;
  let clients: ReturnType<typeof createAwsClients>;
  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(os.tmpdir(), 'athena-world-'));
    await writeContractLake(lakeDir);
    duckdb = await createDuckDbEngine({ lakeDir, database: CONTRACT_DATABASE });
    double = await startAthenaDouble({ engine: duckdb });
    clients = createAwsClients(double.clientConfig);
  });
  afterAll(async () => {
    if (clients) destroyAwsClients(clients);
    await double?.close();
    await duckdb?.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });
  return {
    double: () => double,
    duckdb: () => duckdb,
    engine: (overrides = {}) =>
      createAthenaEngine({
        ...clients,
        workGroup: double.workGroup,
        databases: [CONTRACT_DATABASE],
        resultReuseMaxAgeMinutes: 0,
        sleep: async () => undefined,
        ...defaults,
        ...overrides,
      }),
  };
}
