/**
 * AWS Lambda entry point (API Gateway REST API, Lambda proxy integration, AWS_IAM authorization).
 *
 * API Gateway has already verified the SigV4 signature before the event arrives, so the caller identity is read
 * from `requestContext.identity`; a request without one means the API was deployed without IAM auth, and is
 * refused rather than served anonymously. Everything is built once per cold start.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { loadAthenaSettings, loadServiceSettings } from './config';
import { createAthenaEngine } from './engines/athena';
import { ForbiddenError } from './errors';
import { createHandler, type ProxyHandler } from './http/handler';
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

function build(env: Record<string, string | undefined>): ProxyHandler {
  const athena = loadAthenaSettings(env);
  const settings = loadServiceSettings({ PROXY_WAIT_BUDGET_MS: '20000', ...env });
  const engine = createAthenaEngine({
    athena: new AthenaClient({ region: athena.region }),
    glue: new GlueClient({ region: athena.region }),
    s3: new S3Client({ region: athena.region }),
    workGroup: athena.workGroup,
    databases: athena.databases,
    tables: athena.tables,
    resultReuseMaxAgeMinutes: athena.resultReuseMaxAgeMinutes,
    logger: log,
  });
  return createHandler({ service: createQueryService(engine, settings, log), authenticate: callerFromRequestContext, log });
}

let cached: ProxyHandler | undefined;

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  cached ??= build(process.env);
  return cached(event);
}
