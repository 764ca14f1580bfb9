/**
 * The soak: against the local proxy in its own process (as `npm start` runs it: 256 MB heap), it sends bursts of
 * hundreds of concurrent unique queries (raw and aggregated, small and large, every page fetched), the
 * 100,000-literal body, hostile bodies at the size limit and cursor storms, while a signed health call runs every
 * 50 ms. Reports status counts, latency p50/p99, the server's peak RSS and health latency; the run passes when only
 * 200/202/400/413/429 were seen, the server is alive at the end and health p99 stayed under 100 ms.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { signedFetch, type CallResult, type TestCredentials } from '../signing/signedFetch';
import { rssOf, startHealthProbe, startSoakServer } from './soakProcesses';
import { burstSpec, hostileBodies, largeRawSpec, manyLiteralsBody } from './soakWorkloads';
import { apiPath } from '../../protocol/routes';

export interface SoakOptions {
  lakeDir: string;
  credentials: TestCredentials;
  /** Concurrent queries per burst, and how many bursts (default 300 × 2). */
  burstSize?: number;
  bursts?: number;
  /** Parallel reads per cursor-storm round, and rounds (default 20 × 5). */
  stormWidth?: number;
  stormRounds?: number;
  heapMb?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  statuses: Record<string, number>;
  latencyMs: { p50: number; p99: number; max: number };
  health: { calls: number; failures: number; p50: number; p99: number; max: number; over100ms: number };
  peakRssMb: number;
  /** The server's event-loop delay (how long it was blocked), in ms. */
  eventLoopDelayMs?: {
    p50: number;
    p99: number;
    max: number;
    gc?: { count: number; totalMs: number; maxMs: number; over50ms: number };
  };
  serverAlive: boolean;
  /** Statuses other than 200/202/400/413/429, with an example body each. */
  unexpected: string[];
  phases: { name: string; ms: number }[];
}

export const ALLOWED_STATUSES = new Set([200, 202, 400, 413, 429]);

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The soak server's child process, watched: whether it exited, and the `LOOP` line it prints on the way out. */
interface WatchedServer {
  child: ChildProcess;
  url: string;
  exited: boolean;
  loop?: SoakReport['eventLoopDelayMs'];
}

async function startWatchedServer(options: SoakOptions): Promise<WatchedServer> {
  const { child, url } = await startSoakServer(options);
  const server: WatchedServer = { child, url, exited: false };
  child.once('exit', () => {
    server.exited = true;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('LOOP ')) server.loop = JSON.parse(line.slice(5));
  });
  return server;
}

function emptySoakReport(): SoakReport {
  return {
    statuses: {},
    latencyMs: { p50: 0, p99: 0, max: 0 },
    peakRssMb: 0,
    serverAlive: false,
    health: { calls: 0, failures: 0, p50: 0, p99: 0, max: 0, over100ms: 0 },
    unexpected: [],
    phases: [],
  };
}

/** Signed calls to the soak server, each counted into the report by status, with its latency kept. */
class SoakCalls {
  readonly latencies: number[] = [];

  constructor(
    private readonly url: string,
    private readonly credentials: TestCredentials,
    private readonly report: SoakReport,
  ) {}

  async call(request: Parameters<typeof signedFetch>[2]): Promise<CallResult | undefined> {
    const { report } = this;
    const t0 = performance.now();
    let res: CallResult | undefined;
    try {
      res = await signedFetch(this.url, this.credentials, request);
    } catch (error) {
      report.statuses.exception = (report.statuses.exception ?? 0) + 1;
      if (report.unexpected.length < 10) report.unexpected.push(`exception ${String(error).slice(0, 200)}`);
      return undefined;
    }
    this.latencies.push(performance.now() - t0);
    report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
    if (!ALLOWED_STATUSES.has(res.status) && report.unexpected.length < 10)
      report.unexpected.push(`${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }

  /** A query to its end, like the connector: poll 202s, then fetch every cursor page (`width` at a time). */
  async query(body: string, width = 4): Promise<CallResult | undefined> {
    let res = await this.call({ method: 'POST', path: '/v1/queries', body });
    while (res?.status === 202) {
      await sleep(Math.min(500, res.json.retryAfterMs ?? 200));
      res = await this.call({ method: 'GET', path: `/v1/queries/${res.json.queryId}` });
    }
    const cursors: string[] = res?.status === 200 ? (res.json.cursors ?? []) : [];
    const queryPath = res?.status === 200 ? apiPath.query(res.json.queryId) : '';
    for (let i = 0; i < cursors.length; i += width) {
      await Promise.all(
        cursors.slice(i, i + width).map((cursor) => this.call({ method: 'GET', path: queryPath, query: { cursor } })),
      );
    }
    return res;
  }
}

/** Samples the server's peak RSS into the report every 100 ms; the returned function stops and awaits it. */
function samplePeakRss(server: WatchedServer, report: SoakReport): () => Promise<void> {
  let sampling = true;
  const sampled = (async () => {
    while (sampling && !server.exited) {
      report.peakRssMb = Math.max(report.peakRssMb, rssOf(server.child.pid!).peak);
      await sleep(100);
    }
  })();
  return () => {
    sampling = false;
    return sampled;
  };
}

/** Runs one named phase, records its duration and logs it with the statuses so far and the peak RSS. */
type Phase = (name: string, run: () => Promise<unknown>) => Promise<void>;

function phaseRunner(server: WatchedServer, report: SoakReport, log: (line: string) => void): Phase {
  return async (name, run) => {
    const t0 = performance.now();
    log(`${name} …`);
    await run();
    report.phases.push({ name, ms: Math.round(performance.now() - t0) });
    log(
      `${name}: ${Math.round(performance.now() - t0)} ms, statuses so far ${JSON.stringify(report.statuses)}, peak RSS ${rssOf(server.child.pid!).peak.toFixed(0)} MB`,
    );
  };
}

/** One large raw query, then its issued cursors re-read `stormWidth` at once, `stormRounds` times. */
async function cursorStorm(calls: SoakCalls, options: SoakOptions): Promise<void> {
  const first = await calls.query(JSON.stringify(largeRawSpec('storm')), 1);
  const total: number = first?.json?.page?.totalRows ?? 0;
  if (first?.status !== 200 || total === 0) return;
  // Cursors are sealed for their caller (a forged `offset.limit` is a 404), so the storm re-reads the issued
  // ones, `width` at once and out of order, as a hostile client may.
  const cursors: string[] = first.json.cursors ?? [];
  if (cursors.length === 0) return;
  const width = options.stormWidth ?? 20;
  for (let round = 0; round < (options.stormRounds ?? 5); round++) {
    await Promise.all(
      Array.from({ length: width }, (_, i) => {
        const cursor = cursors[((round * width + i) * 7919) % cursors.length];
        return calls.call({ method: 'GET', path: apiPath.query(first.json.queryId), query: { cursor } });
      }),
    );
  }
}

/** The phases in order: the bursts, the 100,000-literal body, hostile bodies, the cursor storm. */
async function runPhases(calls: SoakCalls, options: SoakOptions, phase: Phase): Promise<void> {
  const size = options.burstSize ?? 300;
  for (let b = 0; b < (options.bursts ?? 2); b++) {
    await phase(`burst ${b + 1}: ${size} concurrent unique queries`, () =>
      Promise.all(Array.from({ length: size }, (_, n) => calls.query(JSON.stringify(burstSpec(n, b))))),
    );
  }
  await phase('100,000-literal body', () =>
    Promise.all([calls.query(manyLiteralsBody()), calls.query(JSON.stringify(burstSpec(1, 99)))]),
  );
  await phase('hostile bodies at the size limit', () =>
    Promise.all(hostileBodies().map(({ body }) => calls.query(body))),
  );
  await phase('cursor storm', () => cursorStorm(calls, options));
}

/** Whether the server still answers health, its final peak RSS, then closes its stdin and waits for its exit. */
async function closeServer(server: WatchedServer, credentials: TestCredentials, report: SoakReport): Promise<void> {
  const last = server.exited
    ? undefined
    : await signedFetch(server.url, credentials, { method: 'GET', path: '/v1/health' }).catch(() => undefined);
  report.serverAlive = !server.exited && last?.status === 200;
  report.peakRssMb = Math.max(report.peakRssMb, rssOf(server.child.pid!).peak);
  server.child.stdin!.end();
  if (!server.exited) await new Promise((resolve) => server.child.once('exit', resolve));
}

function healthSummary(probed: { times: number[]; failures: number }): SoakReport['health'] {
  const healthTimes = probed.times;
  return {
    failures: probed.failures,
    calls: healthTimes.length,
    p50: percentile(healthTimes, 0.5),
    p99: percentile(healthTimes, 0.99),
    max: Math.max(0, ...healthTimes),
    over100ms: healthTimes.filter((ms) => ms >= 100).length,
  };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const server = await startWatchedServer(options);
  const report = emptySoakReport();
  const calls = new SoakCalls(server.url, options.credentials, report);
  const health = startHealthProbe(server.url, options.credentials);
  const stopSampling = samplePeakRss(server, report);
  let probed: { times: number[]; failures: number };
  try {
    await runPhases(calls, options, phaseRunner(server, report, options.log ?? (() => undefined)));
  } finally {
    await stopSampling();
    probed = await health.stop();
    await closeServer(server, options.credentials, report);
  }
  report.eventLoopDelayMs = server.loop;
  report.latencyMs = {
    p50: percentile(calls.latencies, 0.5),
    p99: percentile(calls.latencies, 0.99),
    max: Math.max(0, ...calls.latencies),
  };
  report.health = healthSummary(probed);
  return report;
}

/** True when the soak met its bar: allowed statuses only, no exceptions, server alive, health p99 < 100 ms. */
export function soakPassed(report: SoakReport): boolean {
  const statuses = Object.keys(report.statuses);
  return (
    statuses.every((s) => ALLOWED_STATUSES.has(Number(s))) &&
    report.serverAlive &&
    report.health.p99 < 100 &&
    report.health.failures === 0
  );
}
