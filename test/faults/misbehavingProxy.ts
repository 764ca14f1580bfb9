/**
 * Child-process entry (see childServer.ts): a stub that speaks just enough of the v1 contract for the connector —
 * health, catalog, table schema, start/poll/page a query — and misbehaves on command (stubPlan.ts): 5xx with or
 * without the proxy's error body, 429 with Retry-After, hanging past the fetch timeout, malformed JSON, short or
 * misnumbered pages, a page cursor that fails, a cursor missing from page 0. It does not check signatures: the
 * faults, not the auth, are under test. It counts requests per route so tests can assert that retries are bounded.
 *
 * Control (loopback, test-only): `POST /__faults` with a {@link StubPlan} replaces the plan and resets the counters and
 * query ids (the first query of a plan is `q-1`);
 * `POST /__faults` with `{"read": true}` only returns the counters ({@link StubCounts}).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../proxy/src/local/listenOnLoopback';
import type { QuerySpec } from '../../protocol/contract';
import { runAsChild } from './childServer';
import {
  DEFAULT_RESULT,
  faultBody,
  pendingAnswer,
  resultPage,
  tableSchema,
  type Fault,
  type FaultRule,
  type ResultPlan,
  type StubCounts,
  type StubPlan,
  type StubRoute,
} from './stubPlan';

interface StubState {
  plan: StubPlan;
  counts: StubCounts;
  /** Fields of each started query, and how many 202s it still owes. */
  queries: Map<string, StartedQuery>;
}

interface StartedQuery {
  fields: QuerySpec['fields'];
  pending: number;
}

function freshCounts(): StubCounts {
  return { routes: { health: 0, catalog: 0, tableSchema: 0, startQuery: 0, poll: 0, page: 0 }, pages: {} };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Uses up one application of the rule; true while it still applies. */
function takeRule(rule: FaultRule | undefined): Fault | undefined {
  if (!rule) return undefined;
  if (rule.times === undefined) return rule.fault;
  if (rule.times <= 0) return undefined;
  rule.times -= 1;
  return rule.fault;
}

/** Answers as the fault says; `hang` leaves the response open until the server closes its connections. */
function misbehave(res: ServerResponse, fault: Fault): void {
  if (fault.kind === 'hang') return;
  if (fault.kind === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end('{"queryId":"q-1","state":"SUCCEEDED","rows":[["row-0",1],["row-');
    return;
  }
  const { contentType, text } = faultBody(fault);
  res.writeHead(fault.status, {
    'content-type': contentType,
    ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
  });
  res.end(text);
}

/** The page a cursor (`page-<n>`, as {@link resultPage} issues them) addresses. */
function pageIndex(url: URL): number | undefined {
  const match = /^page-(\d+)$/.exec(url.searchParams.get('cursor') ?? '');
  return match ? Number(match[1]) : undefined;
}

function routeOf(method: string, pathname: string, hasCursor: boolean): StubRoute | undefined {
  if (method === 'GET' && pathname === '/v1/health') return 'health';
  if (method === 'GET' && pathname === '/v1/catalog') return 'catalog';
  if (method === 'GET' && /^\/v1\/databases\/[^/]+\/tables\/[^/]+$/.test(pathname)) return 'tableSchema';
  if (method === 'POST' && pathname === '/v1/queries') return 'startQuery';
  if (method === 'GET' && /^\/v1\/queries\/[^/]+$/.test(pathname)) return hasCursor ? 'page' : 'poll';
  return undefined;
}

/** The healthy answer of a route. */
function answer(state: StubState, route: StubRoute, url: URL, body: string, res: ServerResponse): void {
  const result = state.plan.result ?? DEFAULT_RESULT;
  const segments = url.pathname.split('/').map(decodeURIComponent);
  switch (route) {
    case 'health':
      return sendJson(res, 200, { status: 'ok', version: 'v1', engine: 'athena', identity: 'stub' });
    case 'catalog':
      return sendJson(res, 200, { databases: [{ name: 'lake', tables: ['orders'] }] });
    case 'tableSchema':
      return sendJson(res, 200, tableSchema(segments[3], segments[5], ['city', 'amount']));
    case 'startQuery': {
      const queryId = `q-${state.queries.size + 1}`;
      const query = { fields: (JSON.parse(body) as QuerySpec).fields, pending: result.pendingPolls ?? 0 };
      state.queries.set(queryId, query);
      return answerQuery(res, result, queryId, query);
    }
    case 'poll':
    case 'page': {
      const queryId = segments[3];
      const query = state.queries.get(queryId);
      if (!query)
        return sendJson(res, 404, {
          error: { code: 'UNKNOWN_QUERY', message: `Unknown or expired query "${queryId}".` },
        });
      if (route === 'poll') return answerQuery(res, result, queryId, query);
      const index = pageIndex(url);
      if (index === undefined)
        return sendJson(res, 400, { error: { code: 'INVALID_REQUEST', message: 'Malformed cursor.' } });
      return sendJson(res, 200, resultPage(result, queryId, query.fields, index));
    }
  }
}

function answerQuery(res: ServerResponse, result: ResultPlan, queryId: string, query: StartedQuery): void {
  if (query.pending > 0) {
    query.pending -= 1;
    return sendJson(res, 202, pendingAnswer(queryId));
  }
  sendJson(res, 200, resultPage(result, queryId, query.fields, 0));
}

async function handle(state: StubState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stub');
  const body = await readBody(req);
  if (url.pathname === '/__faults') {
    const command = JSON.parse(body || '{}') as StubPlan & { read?: boolean };
    if (!command.read) {
      state.plan = command;
      state.counts = freshCounts();
      state.queries.clear();
    }
    return sendJson(res, 200, state.counts);
  }
  const route = routeOf(req.method ?? 'GET', url.pathname, url.searchParams.has('cursor'));
  if (!route) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No such route: ${url.pathname}` } });
  state.counts.routes[route] += 1;
  let fault: Fault | undefined;
  if (route === 'page') {
    const index = pageIndex(url);
    if (index !== undefined) {
      state.counts.pages[index] = (state.counts.pages[index] ?? 0) + 1;
      fault = takeRule(state.plan.pages?.[index]);
    }
  }
  fault ??= takeRule(state.plan.routes?.[route]);
  if (fault) return misbehave(res, fault);
  answer(state, route, url, body, res);
}

async function serve() {
  const state: StubState = { plan: {}, counts: freshCounts(), queries: new Map() };
  const server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) =>
      sendJson(res, 500, { error: { code: 'INTERNAL', message: String(err) } }),
    );
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, stop: listening.close };
}

if (require.main === module) runAsChild(serve);
