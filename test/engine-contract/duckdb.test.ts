/** The engine contract on the embedded DuckDB engine over the contract lake. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDuckDbEngine } from '../../proxy/src/engines/duckdb';
import { CONTRACT_DATABASE, writeContractLake } from './contractLake';
import { describeEngineContract } from './engineContract';

describeEngineContract('duckdb', async () => {
  const lakeDir = mkdtempSync(path.join(os.tmpdir(), 'contract-lake-'));
  await writeContractLake(lakeDir);
  const engine = await createDuckDbEngine({ lakeDir, database: CONTRACT_DATABASE });
  return {
    engine,
    async teardown() {
      await engine.close();
      rmSync(lakeDir, { recursive: true, force: true });
    },
  };
});
