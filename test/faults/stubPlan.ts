/**
 * What the misbehaving proxy stub (misbehavingProxy.ts) is told to do, and the healthy v1 answers it gives when
 * told nothing (shapes as in test/contract/*.json). Pure: shared by the stub (child process) and the tests.
 */
import type {
  LookerField,
  QueryPendingResponse,
  QueryResultResponse,
  QuerySpec,
  TableSchemaResponse,
} from '../../protocol/contract';

/** The contract routes the stub serves; `page` is GET /v1/queries/{id}?cursor=…, `poll` the same without cursor. */
export type StubRoute = 'health' | 'catalog' | 'tableSchema' | 'startQuery' | 'poll' | 'page';

/**
 * One way to misbehave. `status`: that HTTP status with the proxy's error body (`body: 'proxy'`, code chosen by
 * status), API Gateway's `{"message"}` body (`'gateway'`) or an HTML page (`'html'`), plus Retry-After when given.
 * `hang`: never answer. `malformed`: a 200 JSON answer cut off mid-way.
 */
export type Fault =
  | { kind: 'status'; status: number; body: 'proxy' | 'gateway' | 'html'; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'malformed' };

/** A fault and how many requests it spoils before the route behaves (default: all of them). */
export interface FaultRule {
  fault: Fault;
  times?: number;
}

/** How the healthy query result looks, and which promises it breaks. */
export interface ResultPlan {
  totalRows: number;
  pageRows: number;
  /** 202 answers (POST, then polls) before the result. */
  pendingPolls?: number;
  /** Page 0 announces `totalRows` but carries `shortBy` fewer rows on page `shortPage`. */
  shortPage?: number;
  shortBy?: number;
  /** Page 0 lists one cursor fewer than `page.count` announces. */
  dropCursor?: boolean;
  /** The page answers with this index instead of its own. */
  misnumberPage?: number;
}

/** The whole instruction set; the control endpoint replaces it and resets the counters. */
export interface StubPlan {
  routes?: Partial<Record<StubRoute, FaultRule>>;
  /** Faults for single pages by index (1…count−1), applied before `routes.page`. */
  pages?: Record<number, FaultRule>;
  result?: ResultPlan;
}

/** Control answer: requests received per route, and per page index. */
export interface StubCounts {
  routes: Record<StubRoute, number>;
  pages: Record<number, number>;
}

export const DEFAULT_RESULT: ResultPlan = { totalRows: 10, pageRows: 4 };

const ERROR_CODE_BY_STATUS: Record<number, [string, string]> = {
  429: ['TOO_MANY_QUERIES', 'Too many concurrent queries; retry later.'],
  500: ['INTERNAL', 'Internal error in the query proxy.'],
  502: ['QUERY_FAILED', 'Athena could not run the query.'],
  503: ['ENGINE_UNAVAILABLE', 'Athena could not start the query (ServiceUnavailableException).'],
  504: ['TIMEOUT', 'The query did not finish in time.'],
  404: ['UNKNOWN_QUERY', 'Unknown or expired query.'],
};

/** Body text for a `status` fault. */
export function faultBody(fault: Extract<Fault, { kind: 'status' }>): { contentType: string; text: string } {
  if (fault.body === 'html')
    return { contentType: 'text/html', text: `<html><body><h1>${fault.status} Bad Gateway</h1></body></html>` };
  if (fault.body === 'gateway')
    return { contentType: 'application/json', text: JSON.stringify({ message: 'Service Unavailable' }) };
  const [code, message] = ERROR_CODE_BY_STATUS[fault.status] ?? ['INTERNAL', 'Internal error in the query proxy.'];
  return { contentType: 'application/json', text: JSON.stringify({ error: { code, message } }) };
}

/** Value of row `i` for requested field `k`: text for the first field, numbers after it. */
function valueAt(i: number, k: number): string | number {
  return k === 0 ? `row-${i}` : i * 10 + k;
}

/** Rows of page `index` exactly as promised (before any breakage). */
export function pageRows(plan: ResultPlan, fields: QuerySpec['fields'], index: number): (string | number)[][] {
  const start = index * plan.pageRows;
  const end = Math.min(plan.totalRows, start + plan.pageRows);
  return Array.from({ length: Math.max(0, end - start) }, (_, r) => fields.map((_, k) => valueAt(start + r, k)));
}

/** Page `index` of query `queryId`, with the breakage the plan asks for. */
export function resultPage(
  plan: ResultPlan,
  queryId: string,
  fields: QuerySpec['fields'],
  index: number,
): QueryResultResponse {
  const count = Math.max(1, Math.ceil(plan.totalRows / plan.pageRows));
  let rows = pageRows(plan, fields, index);
  if (plan.shortPage === index) rows = rows.slice(0, Math.max(0, rows.length - (plan.shortBy ?? 1)));
  const cursorCount = plan.dropCursor ? count - 2 : count - 1;
  return {
    queryId,
    state: 'SUCCEEDED',
    schema: fields.map((f, k) => ({ name: f.name, dataType: k === 0 ? 'STRING' : 'NUMBER' })),
    rows,
    filtersApplied: false,
    page: { index: plan.misnumberPage === index ? index + 1 : index, count, totalRows: plan.totalRows },
    ...(index === 0 ? { cursors: Array.from({ length: Math.max(0, cursorCount) }, (_, k) => `page-${k + 1}`) } : {}),
    stats: {
      engine: 'athena',
      bytesScanned: 1024,
      engineMs: 5,
      queueMs: 1,
      reusedPreviousResult: false,
      cached: false,
    },
  };
}

/** The 202 answer. */
export function pendingAnswer(queryId: string): QueryPendingResponse {
  return { queryId, state: 'RUNNING', retryAfterMs: 1000 };
}

/** A table schema whose fields are `names` (first a dimension, then metrics). */
export function tableSchema(database: string, table: string, names: string[]): TableSchemaResponse {
  const fields: LookerField[] = names.map((name, k) => ({
    name,
    label: name,
    dataType: k === 0 ? 'STRING' : 'NUMBER',
    semantics:
      k === 0 ? { conceptType: 'DIMENSION', semanticType: 'TEXT' } : { conceptType: 'METRIC', semanticType: 'NUMBER' },
  }));
  return { database, table, columns: [], partitionKeys: [], dateColumns: [], aggregate: true, fields, excluded: [] };
}
