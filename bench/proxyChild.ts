/**
 * Starts bench/proxyProcess.ts in a child process and talks to it over stdin/stdout lines.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceSettings } from '../proxy/src/config';
import type { ProxyStats } from './proxyProcess';

export interface ProxyChildOptions {
  lakeDir: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  settings?: Partial<ServiceSettings>;
  /** V8 old-space limit of the proxy process (`--max-old-space-size`); default Node's own. */
  heapLimitMb?: number;
}

export interface ProxyChild {
  url: string;
  /** Time from process start to listening (DuckDB open + lake catalog discovery), in ms. */
  startMs: number;
  stats(): Promise<ProxyStats>;
  /** Final stats, then the process exits. */
  stop(): Promise<ProxyStats>;
}

const ROOT = path.resolve(__dirname, '..');

/** Spawns the proxy; resolves once it listens. */
export function startProxyChild(options: ProxyChildOptions): Promise<ProxyChild> {
  const { heapLimitMb, ...serverOptions } = options;
  const heapFlags = heapLimitMb === undefined ? [] : [`--max-old-space-size=${heapLimitMb}`];
  const script = path.join(__dirname, 'proxyProcess.ts');
  const child = spawn(process.execPath, [...heapFlags, '--import', 'tsx', script, JSON.stringify(serverOptions)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    // The engine holds a libuv thread per running query; more threads keep file I/O from waiting behind them.
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
  });
  const waiting: ((stats: ProxyStats) => void)[] = [];
  const lines = createInterface({ input: child.stdout });
  const askStats = () =>
    new Promise<ProxyStats>((resolve) => {
      waiting.push(resolve);
      child.stdin.write('stats\n');
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the proxy process exited with code ${code} before it was ready`)));
    lines.on('line', (line) => {
      const [tag, first, second] = line.split(' ');
      if (tag === 'STATS') waiting.shift()?.(JSON.parse(line.slice(6)) as ProxyStats);
      if (tag !== 'READY') return;
      child.removeAllListeners('exit');
      resolve({
        url: first,
        startMs: Number(second),
        stats: askStats,
        async stop() {
          const final = await askStats();
          await new Promise<void>((done) => {
            child.once('exit', () => done());
            child.stdin.end('exit\n');
          });
          return final;
        },
      });
    });
  });
}
