/**
 * Starts a test server script (serveAthenaProxy.ts, misbehavingProxy.ts) in a CHILD process and talks to its
 * control endpoint. A child process is needed because the harness's UrlFetchApp blocks the test's thread while it
 * waits for an answer, so a server in the test process could never reply. The child prints `READY <url>` once
 * listening and exits when its stdin closes, so it never outlives jest.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** How long a child may take to exit after its stdin closed before it is killed. */
const EXIT_GRACE_MS = 5000;

/** A running child server. */
export interface ChildServer {
  url: string;
  /** POSTs a command to `<url>/__faults` and returns the child's JSON answer. */
  control<T = unknown>(command: object): Promise<T>;
  close(): Promise<void>;
}

/** Spawns `script` (a .ts file run with tsx) with `options` as JSON in argv[2] and waits for its READY line. */
export function startChildServer(script: string, options: object): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const onEarlyExit = (code: number | null) =>
      reject(new Error(`${path.basename(script)} exited with ${code}: ${output}`));
    child.once('error', reject);
    child.once('exit', onEarlyExit);
    // Stays attached after READY: a child whose stdout pipe fills up would block.
    child.stdout.on('data', (data: Buffer) => {
      if (output.includes('READY ')) return;
      output += data.toString();
      const url = /READY (\S+)/.exec(output)?.[1];
      if (!url) return;
      child.removeListener('exit', onEarlyExit);
      resolve({
        url,
        control: (command) => postControl(url, command),
        async close() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

async function postControl<T>(url: string, command: object): Promise<T> {
  const response = await fetch(`${url}/__faults`, { method: 'POST', body: JSON.stringify(command) });
  const text = await response.text();
  if (!response.ok) throw new Error(`control command ${JSON.stringify(command)} failed: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Runs `serve` in a child: prints READY with its URL, and stops on stdin end or SIGTERM via `stop`. */
export function runAsChild(serve: () => Promise<{ url: string; stop(): Promise<void> }>): void {
  serve()
    .then(({ url, stop }) => {
      const shutdown = () =>
        void stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.stdin.on('end', shutdown);
      process.stdin.resume();
      process.on('SIGTERM', shutdown);
      process.stdout.write(`READY ${url}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
