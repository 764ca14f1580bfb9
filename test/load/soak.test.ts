/**
 * A small soak (tools/load/soak.ts) in a few seconds: a burst of 40 concurrent unique queries, the 100,000-literal
 * body, hostile bodies at the size limit and a cursor storm, against the proxy in its own process with a 256 MB
 * heap. Only 200/202/400/413/429 may come back and the server must be alive at the end. Health latency and RSS
 * are printed by `npm run load` (full size), never asserted here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleLake } from '../../tools/sampleLake/sampleData';
import { ALLOWED_STATUSES, runSoak } from '../../tools/load/soak';
import { TEST_CREDENTIALS } from '../../tools/localProxy/testProxy';

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'soak-test-'));
  await generateSampleLake({ out: join(root, 'lake'), rows: 20_000, days: 30 });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

it('a small soak: only allowed statuses, no exceptions, the server alive, every phase run', async () => {
  const report = await runSoak({
    lakeDir: join(root, 'lake'),
    credentials: TEST_CREDENTIALS,
    burstSize: 40,
    bursts: 1,
    stormWidth: 10,
    stormRounds: 2,
  });
  expect(report.unexpected).toEqual([]);
  for (const status of Object.keys(report.statuses)) expect(ALLOWED_STATUSES.has(Number(status))).toBe(true);
  expect(report.statuses['200']).toBeGreaterThan(0);
  // The literal body is a 400 naming the cause; the hostile bodies are 400s and the one over the limit a 413.
  expect(report.statuses['400']).toBeGreaterThanOrEqual(7);
  expect(report.statuses['413']).toBe(1);
  expect(report.serverAlive).toBe(true);
  expect(report.phases.map((p) => p.name)).toEqual([
    'burst 1: 40 concurrent unique queries',
    '100,000-literal body',
    'hostile bodies at the size limit',
    'cursor storm',
  ]);
  expect(report.health.calls).toBeGreaterThan(0);
  expect(report.health.failures).toBe(0);
}, 120_000);
