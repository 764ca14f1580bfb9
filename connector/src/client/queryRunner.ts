/**
 * Runs a query on the proxy to completion (contract: POST /v1/queries → 200 result or 202 pending; poll
 * GET /v1/queries/{id}; fetch further pages by cursor). Polling backs off and honours the proxy's retryAfterMs,
 * always under the client's deadline; pages are fetched in parallel batches (UrlFetchApp.fetchAll). The result
 * is complete or the call fails: a missing, failed, misnumbered or short page is an error, never partial data.
 */
import type { LookerValue, QueryPendingResponse, QueryResultResponse, QuerySpec } from '../../../protocol/contract';
import { ConnectorError } from '../errors';
import type { ConnectorServices } from '../ports';
import type { ProxyAnswer, ProxyClient } from './proxyClient';
import { apiPath } from '../../../protocol/routes';

/** The whole result of a query. */
export interface QueryOutcome {
  queryId: string;
  schema: QueryResultResponse['schema'];
  rows: LookerValue[][];
  filtersApplied: boolean;
}

/** Pages fetched per fetchAll round: parallel enough to be fast, small enough to stay far from memory limits. */
export const PAGE_BATCH_SIZE = 6;
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 5000;

type QueryAnswer = ProxyAnswer<QueryResultResponse | QueryPendingResponse>;

/** Starts the query, waits for it and returns every row. */
export function runQuery(client: ProxyClient, spec: QuerySpec, services: ConnectorServices): QueryOutcome {
  const started = client.send<QueryResultResponse | QueryPendingResponse>({
    method: 'post',
    path: apiPath.queries(),
    body: spec,
  });
  const first = awaitResult(client, started, services);
  // A result cut at the data source's own row limit is what the user configured. One cut by the proxy's ceiling
  // (Looker Studio takes at most 1,000,000 rows) is incomplete data, and charts built on it would be wrong.
  const cutByUserLimit = spec.limit !== undefined && first.page.totalRows >= spec.limit;
  if (first.truncated && !spec.sample && !cutByUserLimit) {
    throw new ConnectorError(
      `The query matches more than ${first.page.totalRows.toLocaleString('en-US')} rows, the most the proxy returns. ` +
        'Narrow the date range or add filters, or keep aggregation pushdown on so fewer rows come back.',
      JSON.stringify({ queryId: first.queryId, rowCeiling: first.page.totalRows, truncated: true }),
    );
  }
  const rest = fetchRemainingPages(client, first);
  const rows = first.rows.concat(...rest.map((page) => page.rows));
  if (rows.length !== first.page.totalRows) {
    throw incomplete(first.queryId, `expected ${first.page.totalRows} rows, received ${rows.length}`);
  }
  services.log(
    `query ${first.queryId}: ${rows.length} rows in ${first.page.count} page(s), engine ${first.stats?.engine}, ` +
      `${first.stats?.bytesScanned} bytes scanned${first.stats?.cached ? ', from cache' : ''}`,
  );
  return { queryId: first.queryId, schema: first.schema, rows, filtersApplied: first.filtersApplied };
}

/** Polls while the proxy answers 202, backing off from 250 ms to 5 s (or longer if the proxy asks). */
function awaitResult(client: ProxyClient, answer: QueryAnswer, services: ConnectorServices): QueryResultResponse {
  for (let poll = 0; answer.status === 202; poll += 1) {
    const pending = answer.body as QueryPendingResponse;
    const delay = Math.round(Math.max(Math.min(FIRST_POLL_MS * 1.5 ** poll, MAX_POLL_MS), pending.retryAfterMs ?? 0));
    if (services.now() + delay >= client.deadline) {
      throw new ConnectorError(
        `Query ${pending.queryId} is still running and this request is out of time. Refresh the report in a minute ` +
          '(the proxy can reuse the work), or narrow the date range or filters.',
        JSON.stringify({ queryId: pending.queryId, state: pending.state, polls: poll }),
      );
    }
    services.sleep(delay);
    answer = client.send({ method: 'get', path: apiPath.query(pending.queryId) });
  }
  return checkPage(answer.body as QueryResultResponse, 0, undefined);
}

/** GET ?cursor= for pages 1…n, in parallel batches, each checked against page 0. */
function fetchRemainingPages(client: ProxyClient, first: QueryResultResponse): QueryResultResponse[] {
  const cursors = first.cursors ?? [];
  if (first.page.count !== cursors.length + 1) {
    throw incomplete(first.queryId, `${first.page.count} pages announced, ${cursors.length + 1} addressable`);
  }
  const pages: QueryResultResponse[] = [];
  for (let start = 0; start < cursors.length; start += PAGE_BATCH_SIZE) {
    const batch = cursors.slice(start, start + PAGE_BATCH_SIZE).map((cursor) => ({
      method: 'get' as const,
      path: apiPath.query(first.queryId, cursor),
    }));
    client.sendAll<QueryResultResponse>(batch).forEach((answer, k) => {
      if (answer.status !== 200)
        throw incomplete(first.queryId, `page ${start + k + 1} answered HTTP ${answer.status}`);
      pages.push(checkPage(answer.body, start + k + 1, first));
    });
  }
  return pages;
}

/** A page must be a finished result, be the page asked for, and share page 0's schema. */
function checkPage(
  page: QueryResultResponse,
  index: number,
  first: QueryResultResponse | undefined,
): QueryResultResponse {
  const queryId = first?.queryId ?? page?.queryId;
  if (page?.state !== 'SUCCEEDED' || !Array.isArray(page.rows) || !Array.isArray(page.schema) || !page.page) {
    throw incomplete(queryId, `page ${index} is not a finished result`);
  }
  if (page.page.index !== index) throw incomplete(queryId, `asked for page ${index}, got page ${page.page.index}`);
  if (first && JSON.stringify(page.schema) !== JSON.stringify(first.schema)) {
    throw incomplete(queryId, `page ${index} has a different schema`);
  }
  return page;
}

function incomplete(queryId: string, detail: string): ConnectorError {
  return new ConnectorError(
    `The query proxy returned an incomplete result for query ${queryId}. Refresh the report to try again.`,
    detail,
  );
}
