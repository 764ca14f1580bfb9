/**
 * `npm start` as a process: its banner names the workbench (`Workbench: <URL>`), and that page reaches the proxy it
 * started with the launcher signing, while the proxy itself still refuses the same call unsigned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSampleLake } from '../../../tools/sampleLake/sampleData';

const ROOT = resolve(__dirname, '..', '..', '..');
let root: string;
let child: ChildProcess;
let banner = '';

function waitForBanner(process: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    process.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString('utf8');
      if (/Workbench: \S+/.test(banner)) done();
    });
    process.on('exit', (code) => fail(new Error(`npm start exited with ${code}: ${banner}`)));
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'start-workbench-'));
  await generateSampleLake({ out: join(root, 'lake'), rows: 600, days: 3 });
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tools/localProxy/start.ts', '--lake', join(root, 'lake'), '--port', '0'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PROXY_ACCESS_KEY_ID: 'AKIDSTARTWORKBENCH',
        PROXY_SECRET_ACCESS_KEY: 'start-workbench-test-secret',
        PROXY_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await waitForBanner(child);
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

it('prints the workbench URL, which signs for the page', async () => {
  const workbench = /Workbench: (\S+)/.exec(banner)![1];
  const proxy = /Proxy listening on (\S+)/.exec(banner)![1];
  expect(workbench).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/);
  expect(banner).not.toContain('start-workbench-test-secret');

  const page = await fetch(workbench);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<script src="app.js"');
  const health = await fetch(`${workbench}api/call`, {
    method: 'POST',
    body: JSON.stringify({ method: 'GET', path: '/v1/health' }),
  });
  expect(await health.json()).toMatchObject({ status: 200, body: { identity: 'AKIDSTARTWORKBENCH' } });
  expect((await fetch(`${proxy}/v1/health`)).status).toBe(403);
  expect((await fetch(new URL('/', workbench))).status).toBe(403);
});
