/**
 * One Lambda-over-Athena world for tests: a lake in a temporary folder served by DuckDB behind the loopback Athena
 * API double, and Lambda handlers whose real SDK clients point at the double. Registers its own beforeAll/afterAll
 * (console.log is stubbed while the world is up), as ../engine-contract/athenaOverDouble.ts does for the engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createDuckDbEngine, type DuckDbEngine } from '../../proxy/src/engines/duckdb';
import type { ProxyHandler } from '../../proxy/src/http/handler';
import { createLambdaHandler } from '../../proxy/src/lambda';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';

/** An API Gateway REST event for the proxy's `/v1/{proxy+}` resource, authenticated with `identity`. */
export function apiGatewayEvent(
  method: string,
  path: string,
  body?: unknown,
  identity: Record<string, string | null> = { userArn: 'arn:aws:iam::123456789012:user/t' },
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: '/v1/{proxy+}',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: {
      identity,
      path: `/prod${path}`,
      stage: 'prod',
      httpMethod: method,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

export interface LambdaWorldOptions {
  /** Prefix of the temporary lake folder. */
  prefix: string;
  /** Writes the lake into `lakeDir` (an existing empty folder) before DuckDB opens it. */
  writeLake(lakeDir: string): Promise<unknown>;
  /** Extra Lambda environment on top of the workgroup, `ATHENA_DATABASES: 'lake'` and the region. */
  env?: Record<string, string>;
  /** How many handler instances to create over the same environment (default 1). */
  handlers?: number;
  /** Passed to the double. */
  declaredGlueTables?: Parameters<typeof startAthenaDouble>[0]['declaredGlueTables'];
  /** Receives each console.log line (default: dropped). */
  log?(line: string): void;
}

export interface LambdaWorld {
  /** All valid inside tests. */
  lakeDir(): string;
  double(): AthenaDouble;
  handler(index?: number): ProxyHandler;
}

/** Registers beforeAll/afterAll in the calling test file: starts the lake, DuckDB, the double and the handlers. */
export function useLambdaWorld(options: LambdaWorldOptions): LambdaWorld {
  let lakeDir: string;
  let duckdb: DuckDbEngine;
  let double: AthenaDouble;
  let handlers: ProxyHandler[];
  beforeAll(async () => {
    lakeDir = mkdtempSync(join(tmpdir(), `${options.prefix}-`));
    await options.writeLake(lakeDir);
    duckdb = await createDuckDbEngine({ lakeDir, database: 'lake' });
    double = await startAthenaDouble({ engine: duckdb, declaredGlueTables: options.declaredGlueTables });
    const log = options.log ?? (() => undefined);
    jest.spyOn(console, 'log').mockImplementation((line: string) => log(String(line)));
    const env = {
      ATHENA_WORKGROUP: double.workGroup,
      ATHENA_DATABASES: 'lake',
      AWS_REGION: 'us-east-1',
      ...options.env,
    };
    const overrides = { clientConfig: double.clientConfig };
    handlers = await Promise.all(
      Array.from({ length: options.handlers ?? 1 }, () => createLambdaHandler(env, overrides)),
    );
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await double?.close();
    await duckdb?.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });
  return { lakeDir: () => lakeDir, double: () => double, handler: (index = 0) => handlers[index] };
}
