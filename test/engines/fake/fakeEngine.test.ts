/**
 * The engine seam, proven: a third engine from this folder joins through one registration line, passes the one
 * engine contract suite, and serves the HTTP API through the local server with its own name and poll pacing —
 * with no edit to the core, the contract, the service or the entry points.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine, ENGINES } from '../../../proxy/src/engines/registry';
import { startLocalServer } from '../../../proxy/src/local/localServer';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { CONTRACT_DATABASE, writeContractLake } from '../../engine-contract/contractLake';
import { describeEngineContract } from '../../engine-contract/engineContract';
import { fakeRegistration, type FakeEngine } from './fakeEngine';

const REGISTRY = [...ENGINES, fakeRegistration]; // the one registration line
const log = () => undefined;

let lakeDir: string;
beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'fake-engine-'));
  await writeContractLake(lakeDir);
});
afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

describeEngineContract('fake (a third engine)', async () => {
  const env = { PROXY_LAKE_DIR: lakeDir, PROXY_DATABASE: CONTRACT_DATABASE };
  const engine = (await createEngine('fake', { env, log }, REGISTRY)) as FakeEngine;
  return {
    engine,
    async teardown() {
      expect(engine.calls.get('startQuery')).toBeGreaterThan(5); // the contract ran through the fake
      await engine.close();
    },
  };
});

describe('a third engine behind the unchanged proxy', () => {
  it('is unknown to the registry until registered, with a clear message', async () => {
    await expect(createEngine('fake', { env: {}, log })).rejects.toThrow(
      'Unknown engine "fake" (PROXY_ENGINE); known engines: duckdb, athena',
    );
  });

  it('serves health and queries with its own name', async () => {
    const credentials = { accessKeyId: 'AKIDFAKEENGINE000001', secretAccessKey: 'fake/engine/secret/0123456789' };
    const server = await startLocalServer({
      engine: 'fake',
      engines: REGISTRY,
      lakeDir,
      database: CONTRACT_DATABASE,
      port: 0,
      credentials,
      log,
      env: {},
    });
    try {
      const health = await signedFetch(server.url, credentials, { method: 'GET', path: '/v1/health' });
      expect(health.json).toMatchObject({ status: 'ok', engine: 'fake' });
      const spec = {
        database: CONTRACT_DATABASE,
        table: 'typed',
        fields: [{ name: 'name' }, { name: 'record_count' }],
      };
      const answer = await signedFetch(server.url, credentials, {
        method: 'POST',
        path: '/v1/queries',
        body: JSON.stringify(spec),
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ state: 'SUCCEEDED', stats: { engine: 'fake' } });
      expect(String(answer.json.queryId).length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
