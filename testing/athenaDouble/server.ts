/**
 * A loopback Athena API double for tests: one HTTP server that the real SDK clients (AthenaClient, GlueClient,
 * S3Client with `endpoint` pointing here; any credentials) talk to. Queries run on the DuckDB engine over a
 * generated lake; results are written as Athena writes them. See athenaApi.ts for the behaviours it reproduces
 * and executions.ts for the scripted faults.
 *
 * Injectable faults: `throttle(target, n)` (ThrottlingException, or S3 SlowDown), `rejectStarts(n)`
 * (TooManyRequestsException CONCURRENT_QUERY_LIMIT_EXCEEDED), `scriptNextQuery(...)` (FAILED with an error
 * category, scan cutoff, CANCELLED, slow queue, RUNNING→QUEUED flaps) and a workgroup `bytesScannedCutoffPerQuery`.
 */
import { promises as fs } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../proxy/src/local';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../proxy/src/port';
import { createAthenaApi } from './athenaApi';
import type { QueryScript } from './executions';
import { createGlueApi } from './glueApi';
import { AwsFault, readBody, sendJson, sendJsonFault, sendXmlFault } from './protocol';
import { createS3Api, type LakeBucket } from './s3Api';

export interface AthenaDoubleOptions {
  /** Runs the queries; use the DuckDB engine (it installs the Trino macros) over a generated lake. */
  engine: Engine;
  workGroup?: string;
  resultsBucket?: string;
  /** Queries whose (estimated) bytes scanned exceed this are stopped like the workgroup cutoff does. */
  bytesScannedCutoffPerQuery?: number;
  glueTablesPageSize?: number;
  /** Glue tables served as declared (by name) instead of from the engine's discovery. */
  declaredGlueTables?: Record<string, { Name: string } & Record<string, unknown>>;
  /**
   * Serves the lake folder as an S3 bucket (ListObjectsV2) and describes its tables as projected Glue tables
   * located there (`s3://<bucket>/<table>/`, `dt` as a date projection), so day tiles can list partitions.
   * Table folders must be named as their tables.
   */
  lake?: LakeBucket;
  /** The double's clock (result reuse ages, execution times); default Date.now. A bench may simulate days. */
  now?: () => number;
}

export interface AthenaDouble {
  endpoint: string;
  workGroup: string;
  /** Client settings for the SDK: endpoint, region and dummy credentials. */
  clientConfig: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  scriptNextQuery(script: QueryScript): void;
  rejectStarts(count: number): void;
  /** The next `count` requests to `target` (`AmazonAthena.<Op>`, `AWSGlue.<Op>` or `S3.GetObject`) are throttled. */
  throttle(target: string, count: number): void;
  /** Requests received per target. */
  calls(target: string): number;
  executionCount(): number;
  close(): Promise<void>;
}

/** Requests received per target, and how many of the next ones to throttle. */
class TargetCounters {
  private readonly throttled = new Map<string, number>();
  private readonly counts = new Map<string, number>();

  /** Counts a request to `target`; true when it is to be throttled. */
  takeThrottle(target: string): boolean {
    this.counts.set(target, (this.counts.get(target) ?? 0) + 1);
    const left = this.throttled.get(target) ?? 0;
    if (left > 0) this.throttled.set(target, left - 1);
    return left > 0;
  }

  throttle(target: string, count: number): void {
    this.throttled.set(target, (this.throttled.get(target) ?? 0) + count);
  }

  calls(target: string): number {
    return this.counts.get(target) ?? 0;
  }
}

/** The three services the double answers, each over its own wire protocol. */
interface DoubleServices {
  athena: ReturnType<typeof createAthenaApi>;
  glue: ReturnType<typeof createGlueApi>;
  s3: ReturnType<typeof createS3Api>;
  counters: TargetCounters;
}

function createServices(options: AthenaDoubleOptions, resultsDir: string, workGroup: string): DoubleServices {
  const athena = createAthenaApi({
    engine: options.engine,
    resultsDir,
    bucket: options.resultsBucket ?? 'athena-results',
    workGroup,
    now: options.now ?? Date.now,
    bytesScannedCutoffPerQuery: options.bytesScannedCutoffPerQuery,
    ...(options.lake ? { lakeDir: options.lake.dir, lakeBucket: options.lake.bucket } : {}),
  });
  const glue = createGlueApi({
    engine: options.engine,
    catalogId: '123456789012',
    tablesPageSize: options.glueTablesPageSize ?? 100,
    declaredTables: options.declaredGlueTables,
    lake: options.lake,
  });
  const s3 = createS3Api({ resultsDir, lake: options.lake });
  return { athena, glue, s3, counters: new TargetCounters() };
}

/** An AWS JSON 1.1 request (Athena or Glue, by the X-Amz-Target service prefix). */
async function handleJson(services: DoubleServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target']);
  const [service, operation] = target.split('.');
  const input = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  try {
    if (services.counters.takeThrottle(target)) throw new AwsFault('ThrottlingException', 'Rate exceeded');
    const output =
      service === 'AmazonAthena'
        ? await services.athena.handle(operation, input)
        : await services.glue.handle(operation, input);
    sendJson(res, 200, output);
  } catch (err) {
    sendJsonFault(res, err instanceof AwsFault ? err : new AwsFault('InternalServerException', String(err), 500));
  }
}

async function handleS3(services: DoubleServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (services.counters.takeThrottle('S3.GetObject'))
      throw new AwsFault('SlowDown', 'Please reduce your request rate.', 503);
    await services.s3.handle(req, res);
  } catch (err) {
    sendXmlFault(res, err instanceof AwsFault ? err : new AwsFault('InternalError', String(err), 500));
  }
}

/** One server for all three: a request with X-Amz-Target is JSON 1.1, any other is S3 REST. */
function createDoubleServer(services: DoubleServices): http.Server {
  return http.createServer((req, res) => {
    const json = typeof req.headers['x-amz-target'] === 'string';
    const handled = json ? handleJson(services, req, res) : handleS3(services, req, res);
    handled.catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : undefined);
    });
  });
}

/** Starts the double on a free loopback port. */
export async function startAthenaDouble(options: AthenaDoubleOptions): Promise<AthenaDouble> {
  const resultsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'athena-double-'));
  const workGroup = options.workGroup ?? 'primary';
  const services = createServices(options, resultsDir, workGroup);
  const { athena, counters } = services;
  const listening = await listenOnLoopback(createDoubleServer(services));
  const endpoint = listening.url;
  return {
    endpoint,
    workGroup,
    clientConfig: {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDDOUBLE', secretAccessKey: 'double-secret' },
    },
    scriptNextQuery: (script) => athena.scriptNextQuery(script),
    rejectStarts: (count) => athena.rejectStarts(count),
    throttle: (target, count) => counters.throttle(target, count),
    calls: (target) => counters.calls(target),
    executionCount: () => athena.executionCount(),
    async close() {
      await listening.close();
      await fs.rm(resultsDir, { recursive: true, force: true });
    },
  };
}
