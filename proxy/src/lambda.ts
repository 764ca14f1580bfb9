/**
 * AWS Lambda entry point (API Gateway REST API, Lambda proxy integration, AWS_IAM authorization).
 *
 * API Gateway has already verified the SigV4 signature before the event arrives, so the caller identity is read
 * from `requestContext.identity`; a request without one means the API was deployed without IAM auth, and is
 * refused rather than served anonymously. Everything is built once per cold start. The engine is `PROXY_ENGINE`
 * (default `athena`), built by the one composition root.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createLambdaAuthenticator, keylessTrustFromEnv } from './auth';
import { loadServiceSettings } from './config';
import { createEngine } from './engines/registry';
import { ForbiddenError } from './errors';
import type { SdkClientConfig } from './port';
import { createHandler, type ProxyHandler } from './http';
import { createJsonLogger, logLevelOf } from './logger';
import { firehoseIngestorFromEnv } from './ingest';
import { createQueryService } from './service';
import { BufferedTileStore, DEFAULT_TILE_MEMORY_BYTES, S3TileStore } from './tiles';
import { DynamoSpendStore } from './budgets';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServiceSettings } from './config';
import type { Caller } from './service';

/** The verified IAM identity API Gateway attached to the request. */
export function callerFromRequestContext(event: APIGatewayProxyEvent): Caller {
  const identity = event.requestContext?.identity;
  const who = identity?.userArn || identity?.caller || identity?.accessKey;
  if (!who) throw new ForbiddenError();
  return { identity: who };
}

/**
 * Builds the handler from environment settings. `clientConfig` reaches the engine, the Firehose client and the
 * tile store's S3 client (tests point the real SDK clients at a loopback Athena API double or moto_server).
 */
export async function createLambdaHandler(
  env: Record<string, string | undefined>,
  { clientConfig }: { clientConfig?: SdkClientConfig } = {},
): Promise<ProxyHandler> {
  const log = createJsonLogger(undefined, logLevelOf(env));
  const settings = loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '20000', ...env });
  const engine = await createEngine(env.PROXY_ENGINE || 'athena', { env, log, clientConfig });
  // Query ids must verify on every instance: the MAC secret comes from the deployment (template.yaml).
  if (!settings.handleSecret) {
    log({
      level: 'warn',
      event: 'config_warning',
      message: 'PROXY_TOKEN_SECRET unset: query ids are valid on this instance only',
    });
  }
  return createHandler({
    service: createQueryService(engine, settings, log, {
      ...tileOptions(settings, env, clientConfig),
      ...spendOptions(env, clientConfig),
    }),
    authenticate: createLambdaAuthenticator(keylessTrustFromEnv(env), log),
    log,
    ingest: firehoseIngestorFromEnv(env, { region: env.AWS_REGION ?? 'us-east-1', ...clientConfig }),
  });
}

/** The shared S3 tile store (docs/tiles.md#the-s3-tile-store), when PROXY_TILE_BUCKET names a bucket. */
function tileOptions(
  settings: ServiceSettings,
  env: Record<string, string | undefined>,
  clientConfig: SdkClientConfig | undefined,
): { tiles?: { store: BufferedTileStore } } {
  if (!settings.tileBucket) return {};
  // A custom endpoint (moto_server in tests) serves buckets by path, not as virtual hosts.
  const client = new S3Client({
    region: env.AWS_REGION ?? 'us-east-1',
    ...clientConfig,
    ...(clientConfig?.endpoint ? { forcePathStyle: true } : {}),
  });
  // Writes are awaited: a frozen Lambda instance would hold a write-behind until its next invocation.
  const shared = new S3TileStore({ client, ...settings.tileBucket });
  return {
    tiles: { store: new BufferedTileStore(shared, { maxBytes: DEFAULT_TILE_MEMORY_BYTES, writeBehind: false }) },
  };
}

/**
 * The shared spend store of the daily budgets (docs/budgets.md#on-aws), when PROXY_BUDGET_TABLE names the DynamoDB
 * table the template creates with a budget; without it each instance would count only its own spend.
 */
function spendOptions(
  env: Record<string, string | undefined>,
  clientConfig: SdkClientConfig | undefined,
): { spend?: DynamoSpendStore } {
  if (!env.PROXY_BUDGET_TABLE) return {};
  const client = new DynamoDBClient({ region: env.AWS_REGION ?? 'us-east-1', ...clientConfig });
  return { spend: new DynamoSpendStore({ client, tableName: env.PROXY_BUDGET_TABLE }) };
}

let cached: Promise<ProxyHandler> | undefined;

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  cached ??= createLambdaHandler(process.env);
  return (await cached)(event);
}
