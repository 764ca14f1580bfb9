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
  /** Makes every day tile of a proxy with tiles on cold (its folder and its memory layer emptied). */
  forgetTiles(): Promise<void>;
  /** Final stats, then the process exits. */
  stop(): Promise<ProxyStats>;
}

const ROOT = path.resolve(__dirname, '..');

function spawnProxy({ heapLimitMb, ...serverOptions }: ProxyChildOptions) {
  const heapFlags = heapLimitMb === undefined ? [] : [`--max-old-space-size=${heapLimitMb}`];
  const script = path.join(__dirname, 'proxyProcess.ts');
  return spawn(process.execPath, [...heapFlags, '--import', 'tsx', script, JSON.stringify(serverOptions)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    // The engine holds a libuv thread per running query; more threads keep file I/O from waiting behind them.
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '16' },
  });
}

/** Spawns the proxy; resolves once it listens. */
export function startProxyChild(options: ProxyChildOptions): Promise<ProxyChild> {
  const child = spawnProxy(options);
  const replies = new Map<string, ((rest: string) => void)[]>();
  /** Sends `command` and resolves with the rest of the first unclaimed reply line tagged `tag`. */
  const ask = (command: string, tag: string) =>
    new Promise<string>((resolve) => {
      replies.set(tag, [...(replies.get(tag) ?? []), resolve]);
      child.stdin.write(`${command}\n`);
    });
  const stats = async () => JSON.parse(await ask('stats', 'STATS')) as ProxyStats;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the proxy process exited with code ${code} before it was ready`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [tag, first, second] = line.split(' ');
      replies.get(tag)?.shift()?.(line.slice(tag.length + 1));
      if (tag !== 'READY') return;
      child.removeAllListeners('exit');
      resolve({
        url: first,
        startMs: Number(second),
        stats,
        forgetTiles: async () => void (await ask('forget-tiles', 'FORGOT')),
        async stop() {
          const final = await stats();
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
