/**
 * `npm start` as a process: SIGTERM and SIGINT to the npm process stop the whole npm → tsx → node tree and free
 * the port; a taken port says so and names --port; a table folder passed as --lake names the lake above it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSampleLake } from '../../../tools/sampleLake/sampleData';
import { freePort, REPO, runTool } from '../cliSupport/runTool';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function startNpm(args: string[]): { child: ChildProcess; output: () => string; listening: Promise<void> } {
  const child = spawn('npm', ['start', '--', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Proxy listening on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`npm start exited early:\n${output}`)));
  });
  return { child, output: () => output, listening };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('npm start as a process', () => {
  let lake: string;
  beforeAll(async () => {
    lake = path.join(mkdtempSync(path.join(tmpdir(), 'start-process-')), 'lake');
    await generateSampleLake({ out: lake, rows: 300, days: 2 });
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to npm stops the whole tree and frees the port',
    async (signal) => {
      const port = await freePort();
      const started = startNpm(['--port', String(port), '--lake', lake]);
      await started.listening;
      expect(await portIsFree(port)).toBe(false);
      started.child.kill(signal);
      await exited(started.child);
      let free = false;
      for (let i = 0; i < 50 && !free; i++) {
        free = await portIsFree(port);
        if (!free) await new Promise((r) => setTimeout(r, 100));
      }
      expect(free).toBe(true);
    },
    120_000,
  );

  it('a taken port says so and suggests --port', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const run = await runTool('tools/localProxy/start.ts', ['--port', String(port), '--lake', lake]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} is already in use`);
      expect(run.stderr).toContain(`--port ${port + 1}`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('a table folder as --lake warns and names the lake folder above it', async () => {
    const table = path.join(lake, 'food-delivery-1.0.0');
    const child = spawn(path.join(REPO, 'node_modules', '.bin', 'tsx'), [
      path.join(REPO, 'tools/localProxy/start.ts'),
      '--port',
      '0',
      '--lake',
      table,
    ]);
    let output = '';
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Proxy listening on')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    await exited(child);
    expect(output).toContain(`${table} looks like a table folder`);
    expect(output).toContain(`--lake ${lake}`);
  }, 60_000);
});
