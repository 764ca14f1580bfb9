/**
 * The soak's child processes: the proxy under test (tools/load/soakServer.ts, with a heap cap like `npm start`) and
 * the signed health probe (tools/load/healthProbe.ts), plus the RSS reading of a process. Apart from soak.ts so the
 * soak reads as its phases and figures; these are the plumbing of spawning, waiting for READY and reading /proc.
 * The server and probe run in processes of their own so the soak's own load never delays what they measure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { TestCredentials } from '../signing/signedFetch';

/** What starting the soak server needs (a subset of SoakOptions). */
export interface SoakServerOptions {
  lakeDir: string;
  credentials: TestCredentials;
  /** The server's --max-old-space-size (default 256, as `npm start`). */
  heapMb?: number;
  log?: (line: string) => void;
}

/** Peak and current RSS of a Linux process (VmHWM / VmRSS), in MB; 0 elsewhere. */
export function rssOf(pid: number): { peak: number; now: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
    return { peak: kb('VmHWM'), now: kb('VmRSS') };
  } catch {
    return { peak: 0, now: 0 };
  }
}

/** The proxy in its own process; resolves with its URL once it prints `READY <url>`, rejects if it exits first. */
export function startSoakServer(options: SoakServerOptions): Promise<{ child: ChildProcess; url: string }> {
  const script = path.join(__dirname, 'soakServer.ts');
  // SOAK_CPU_PROF=<dir> writes a V8 CPU profile of the server, to find what blocks its event loop.
  const profile = process.env.SOAK_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_CPU_PROF}`] : [];
  const extra = process.env.SOAK_NODE_FLAGS ? process.env.SOAK_NODE_FLAGS.split(' ') : [];
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${options.heapMb ?? 256}`,
      ...extra,
      ...profile,
      '--import',
      'tsx',
      script,
      JSON.stringify({ lakeDir: options.lakeDir, credentials: options.credentials }),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.on('data', (chunk: Buffer) => options.log?.(`  server: ${chunk.toString().trim().slice(0, 400)}`));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the soak server exited with code ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      child.removeAllListeners('exit');
      resolve({ child, url: line.slice(6) });
    });
  });
}

/** The health probe in its own process (tools/load/healthProbe.ts); `stop` returns its timings. */
export function startHealthProbe(
  url: string,
  credentials: TestCredentials,
): { stop(): Promise<{ times: number[]; failures: number }> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'healthProbe.ts'), JSON.stringify({ url, credentials })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const result = new Promise<{ times: number[]; failures: number }>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('HEALTH ')) resolve(JSON.parse(line.slice(7)));
    });
    child.once('exit', () => resolve({ times: [], failures: 1 }));
  });
  return {
    stop: () => {
      child.stdin.end();
      return result;
    },
  };
}
