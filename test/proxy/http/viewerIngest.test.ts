/**
 * POST /v1/events is for producers: a viewer signed in with a verified Google identity (keyless mode) may read what
 * the access rules allow but never write events, whatever the deployment's IAM policy lets through.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createHandler } from '../../../proxy/src/http/handler';
import type { QueryService } from '../../../proxy/src/service/queryService';

const event = {
  httpMethod: 'POST',
  path: '/v1/events',
  body: JSON.stringify({ events: [] }),
  isBase64Encoded: false,
  headers: {},
  multiValueHeaders: {},
  requestContext: {},
} as unknown as APIGatewayProxyEvent;

function handlerFor(viewer: boolean) {
  const ingested: unknown[] = [];
  const handler = createHandler({
    service: {} as QueryService,
    authenticate: () => (viewer ? { identity: 'google:123', viewer: true } : { identity: 'AKIDPRODUCER' }),
    log: () => undefined,
    ingest: async (body) => {
      ingested.push(body);
      return { accepted: 0, duplicates: 0, rejected: [] };
    },
  });
  return { handler, ingested };
}

it('refuses a keyless viewer with 403 ACCESS_DENIED and writes nothing', async () => {
  const { handler, ingested } = handlerFor(true);
  const res = await handler(event);
  expect(res.statusCode).toBe(403);
  expect(JSON.parse(res.body).error.code).toBe('ACCESS_DENIED');
  expect(ingested).toEqual([]);
});

it('accepts a producer signing with its own key', async () => {
  const { handler, ingested } = handlerFor(false);
  const res = await handler(event);
  expect(res.statusCode).toBe(200);
  expect(ingested).toHaveLength(1);
});
