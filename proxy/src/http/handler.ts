/**
 * One handler for API Gateway REST proxy events, used by the Lambda entry point and by the local Node server.
 * It authenticates, routes, validates, calls the service and maps every error to `{error:{code,message}}` in
 * one place. No stack trace or secret ever reaches a response.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CONTRACT_VERSION, type HealthResponse } from '../../../protocol/contract';
import {
  asProxyError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyQueriesError,
  AccessDeniedError,
} from '../errors';
import type { EventIngestor } from '../ingest';
import { parseQuerySpec } from '../service';
import type { Caller, QueryService } from '../service';
import { matchRoute, type Route } from './routes';
import type { Logger } from '../logger';

/** API Gateway REST APIs accept bodies up to 10 MB; a query spec is tiny, so anything over 1 MB is refused. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HandlerDeps {
  service: QueryService;
  /** Returns the verified caller, or throws ForbiddenError. */
  authenticate: (event: APIGatewayProxyEvent) => Caller | Promise<Caller>;
  log: Logger;
  /** `POST /v1/events`; absent where ingestion is not set up (the route is then 404). */
  ingest?: EventIngestor;
}

export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

function respond(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function readJsonBody(event: APIGatewayProxyEvent): unknown {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (text.trim() === '') throw new InvalidRequestError('The request body is empty; expected a JSON query.');
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON.');
  }
}

function queryParam(event: APIGatewayProxyEvent, name: string): string | undefined {
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  const many = multi && Object.hasOwn(multi, name) ? multi[name] : undefined;
  if (many && many.length > 1) throw new InvalidRequestError(`Query parameter "${name}" is repeated.`);
  return many?.[0] ?? (single && Object.hasOwn(single, name) ? single[name] : undefined) ?? undefined;
}

function parseAggregateParam(event: APIGatewayProxyEvent): boolean {
  const value = queryParam(event, 'aggregate');
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidRequestError('Query parameter "aggregate" must be true or false.');
}

async function dispatch(
  route: Route,
  event: APIGatewayProxyEvent,
  caller: Caller,
  { service, ingest }: Pick<HandlerDeps, 'service' | 'ingest'>,
) {
  switch (route.name) {
    case 'health': {
      const body: HealthResponse = {
        status: 'ok',
        version: CONTRACT_VERSION,
        engine: service.engineName,
        identity: caller.identity,
      };
      return respond(200, body);
    }
    case 'catalog':
      return respond(200, await service.catalog(caller));
    case 'tableSchema':
      return respond(200, await service.tableSchema(route.database, route.table, parseAggregateParam(event), caller));
    case 'startQuery': {
      const answer = await service.startQuery(parseQuerySpec(readJsonBody(event)), caller);
      return respond(answer.status, answer.body);
    }
    case 'getQuery': {
      const answer = await service.getQuery(route.queryId, queryParam(event, 'cursor'), caller);
      return respond(answer.status, answer.body);
    }
    case 'cancelQuery':
      await service.cancelQuery(route.queryId, caller);
      return respond(200, { queryId: route.queryId, state: 'CANCELLED' });
    case 'ingestEvents':
      if (!ingest) throw new NotFoundError('/v1/events (event ingestion is not enabled on this proxy)');
      // Producers sign with a key of their own; a viewer's Google sign-in only ever reads (docs/keyless.md).
      if (caller.viewer)
        throw new AccessDeniedError('Viewers signed in with their Google identity cannot send events.');
      return respond(200, await ingest(readJsonBody(event)));
  }
}

export function createHandler(deps: HandlerDeps): ProxyHandler {
  return async (event) => {
    const started = Date.now();
    const requestId = event.requestContext?.requestId || randomUUID();
    let caller: Caller | undefined;
    try {
      caller = { ...(await deps.authenticate(event)), requestId };
      const route = matchRoute(event.httpMethod, event.path);
      const result = await dispatch(route, event, caller, deps);
      deps.log({
        level: 'info',
        event: 'request',
        requestId,
        method: event.httpMethod,
        route: route.name,
        status: result.statusCode,
        caller: caller.identity,
        ms: Date.now() - started,
      });
      return result;
    } catch (err) {
      const error = asProxyError(err);
      deps.log({
        level: error.status >= 500 ? 'error' : 'info',
        event: 'request',
        requestId,
        method: event.httpMethod,
        path: event.path.slice(0, 200),
        status: error.status,
        code: error.code,
        caller: caller?.identity,
        ms: Date.now() - started,
        ...(error.status >= 500 ? { cause: describeCause(err) } : {}),
      });
      const headers: Record<string, string> =
        error instanceof TooManyQueriesError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
      return respond(error.status, error.toBody(), headers);
    }
  };
}

/** Server-side log text for unexpected failures: the message chain, never request headers or credentials. */
function describeCause(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
  return parts.join(' <- ').slice(0, 1000);
}
