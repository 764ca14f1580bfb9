/**
 * Starts the real local proxy (DuckDB engine, SigV4 verification, HTTP on an ephemeral loopback port) over a
 * freshly generated sample lake, and captures its log lines so tests can assert on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleLake } from '../sampleLake/sampleData';
import type { ServiceSettings } from '../../proxy/src/config';
import { startLocalServer } from '../../proxy/src/local';
import type { TestCredentials } from '../signing/signedFetch';

export const TEST_CREDENTIALS: TestCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

export interface TestProxy {
  url: string;
  lakeDir: string;
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

export async function startTestProxy(
  options: { rows?: number; days?: number; settings?: Partial<ServiceSettings>; lakeDir?: string } = {},
): Promise<TestProxy> {
  const root = mkdtempSync(join(tmpdir(), 'proxy-test-'));
  const lakeDir = options.lakeDir ?? join(root, 'lake');
  if (!options.lakeDir)
    await generateSampleLake({ out: lakeDir, rows: options.rows ?? 20_000, days: options.days ?? 90 });
  const logs: Record<string, unknown>[] = [];
  const server = await startLocalServer({
    lakeDir,
    port: 0,
    credentials: TEST_CREDENTIALS,
    region: 'us-east-1',
    settings: options.settings,
    log: (line) => logs.push(line),
  });
  return {
    url: server.url,
    lakeDir,
    logs,
    stop: async () => {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
