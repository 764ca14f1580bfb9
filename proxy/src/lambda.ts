/**
 * AWS Lambda entry point (API Gateway REST API, Lambda proxy integration, AWS_IAM authorization).
 *
 * API Gateway has already verified the SigV4 signature before the event arrives, so the caller identity is read
 * from `requestContext.identity`; a request without one means the API was deployed without IAM auth, and is
 * refused rather than served anonymously. Everything is built once per cold start.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { loadAthenaSettings, loadServiceSettings } from './config';
import { createAthenaEngine, createAwsClients, type AwsClientConfig } from './engines/athena';
import { ForbiddenError } from './errors';
import { createHandler, type ProxyHandler } from './http/handler';
import { firehoseIngestorFromEnv } from './ingest/firehoseIngestor';
import { createQueryService } from './service/createQueryService';
import type { Caller } from './service/queryService';

const log = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

/** The verified IAM identity API Gateway attached to the request. */
export function callerFromRequestContext(event: APIGatewayProxyEvent): Caller {
  const identity = event.requestContext?.identity;
  const who = identity?.userArn || identity?.caller || identity?.accessKey;
  if (!who) throw new ForbiddenError();
  return { identity: who };
}

/**
 * Builds the handler from environment settings. `clientConfig` overrides the AWS client settings (tests point the
 * real SDK clients at a loopback Athena API double); in Lambda the defaults come from the runtime.
 */
export function createLambdaHandler(env: Record<string, string | undefined>, clientConfig?: Partial<AwsClientConfig>): ProxyHandler {
  const athena = loadAthenaSettings(env);
  const settings = loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '20000', ...env });
  // Single-attempt Athena/Glue clients: the engine owns retries, and a concurrency limit must surface as a 429.
  const engine = createAthenaEngine({
    ...createAwsClients({ region: athena.region, ...clientConfig }),
    workGroup: athena.workGroup,
    databases: athena.databases,
    tables: athena.tables,
    resultReuseMaxAgeMinutes: athena.resultReuseMaxAgeMinutes,
    logger: log,
  });
  const ingest = firehoseIngestorFromEnv(env, { region: athena.region, ...clientConfig });
  return createHandler({ service: createQueryService(engine, settings, log), authenticate: callerFromRequestContext, log, ingest });
}

let cached: ProxyHandler | undefined;

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  cached ??= createLambdaHandler(process.env);
  return cached(event);
}
