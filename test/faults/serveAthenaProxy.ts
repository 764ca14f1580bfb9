/**
 * Child-process entry (see childServer.ts): the production proxy wiring on the Athena engine — the Lambda handler
 * from `createLambdaHandler`, whose real AWS SDK clients talk to the loopback Athena API double running the SQL on
 * DuckDB over a small generated lake — behind a Node HTTP server that verifies SigV4 first, as API Gateway's
 * AWS_IAM authorizer does, and hands the verified identity to the Lambda in `requestContext.identity`.
 *
 * Test-only control endpoint (loopback): `POST /__faults` with `{script}` (the double's QueryScript for the next
 * started query), `{throttle: {target, count}}` or `{rejectStarts: n}`; every answer reports the double's call
 * counts, so a test can check how hard the proxy hit Athena.
 */
import * as fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../proxy/src/local/listenOnLoopback';
import * as os from 'node:os';
import * as path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createDuckDbEngine } from '../../proxy/src/engines/duckdb';
import { asProxyError } from '../../proxy/src/errors';
import { createLambdaHandler } from '../../proxy/src/lambda';
import { nodeListener } from '../../proxy/src/local/nodeAdapter';
import { createSigV4Authenticator } from '../../proxy/src/local/sigv4Authenticator';
import { generateSampleLake } from '../../tools/sampleLake/sampleData';
import { startAthenaDouble, type AthenaDouble } from '../../testing/athenaDouble/server';
import type { QueryScript } from '../../testing/athenaDouble/executions';
import { runAsChild } from './childServer';
import { createJsonLogger } from '../../proxy/src/logger';

/** argv[2] of the child. */
export interface AthenaProxyOptions {
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** PROXY_WAIT_BUDGET_MS: small, so queries answer 202 and the connector polls. */
  waitBudgetMs: number;
  /** Last day of the generated sample lake (YYYY-MM-DD). */
  lakeEndDate: string;
}

/** A command for the control endpoint; `{}` only reads the counts. */
export interface AthenaFaultCommand {
  script?: QueryScript;
  throttle?: { target: string; count: number };
  rejectStarts?: number;
}

/** What the control endpoint answers: requests the double received per target. */
export interface AthenaFaultCounts {
  calls: Record<string, number>;
  executions: number;
}

const COUNTED_TARGETS = [
  'AmazonAthena.StartQueryExecution',
  'AmazonAthena.GetQueryExecution',
  'AmazonAthena.GetQueryResults',
  'AmazonAthena.StopQueryExecution',
  'S3.GetObject',
];

async function serve() {
  const options = JSON.parse(process.argv[2] ?? '{}') as AthenaProxyOptions;
  const verbose = process.env.FAULTS_PROXY_LOG === '1';
  // The Lambda logs with console.log; stdout is reserved for the READY line.
  console.log = (...args: unknown[]) => {
    if (verbose) process.stderr.write(`${args.join(' ')}\n`);
  };
  const log = createJsonLogger();

  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-athena-'));
  const lakeDir = path.join(tempDir, 'lake');
  await generateSampleLake({ out: lakeDir, rows: 2000, days: 10, endDate: options.lakeEndDate });
  const engine = await createDuckDbEngine({ lakeDir, database: 'lake' });
  const double = await startAthenaDouble({ engine });
  const lambda = await createLambdaHandler(
    {
      ATHENA_WORKGROUP: double.workGroup,
      ATHENA_DATABASES: 'lake',
      PROXY_WAIT_BUDGET_MS: String(options.waitBudgetMs),
    },
    { clientConfig: double.clientConfig },
  );
  const authenticate = createSigV4Authenticator({ credentials: [options.credentials], region: 'us-east-1', log });
  const proxy = nodeListener((event) => invokeAsApiGateway(event, authenticate, lambda));

  const server = createServer((req, res) => {
    if (req.url?.startsWith('/__faults'))
      control(req, res, double).catch((err: unknown) => res.writeHead(400).end(String(err)));
    else proxy(req, res);
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    async stop() {
      await listening.close();
      await double.close();
      await engine.close();
      fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** API Gateway's part: reject bad signatures with the proxy's own 403 body, else pass the verified identity on. */
async function invokeAsApiGateway(
  event: APIGatewayProxyEvent,
  authenticate: (event: APIGatewayProxyEvent) => { identity: string },
  lambda: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
): Promise<APIGatewayProxyResult> {
  let identity: string;
  try {
    identity = authenticate(event).identity;
  } catch (err) {
    const error = asProxyError(err);
    return {
      statusCode: error.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(error.toBody()),
    };
  }
  // Only the member the Lambda reads is filled; the event type lists every identity member API Gateway may send.
  const requestContext = {
    ...event.requestContext,
    identity: { accessKey: identity },
  } as unknown as APIGatewayProxyEvent['requestContext'];
  return lambda({ ...event, requestContext });
}

async function control(req: IncomingMessage, res: ServerResponse, double: AthenaDouble): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const command = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as AthenaFaultCommand;
  if (command.script) double.scriptNextQuery(command.script);
  if (command.throttle) double.throttle(command.throttle.target, command.throttle.count);
  if (command.rejectStarts) double.rejectStarts(command.rejectStarts);
  const counts: AthenaFaultCounts = {
    calls: Object.fromEntries(COUNTED_TARGETS.map((target) => [target, double.calls(target)])),
    executions: double.executionCount(),
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(counts));
}

if (require.main === module) runAsChild(serve);
