/**
 * The workbench's calls to the proxy, signed here in the launcher process with the dev key: the browser sends
 * plain JSON to the workbench and never sees the secret. A query is run to its end (202 answers are polled) and
 * comes back with the SQL the engine ran and the time it took.
 */
import { API_PREFIX, apiPath } from '../../../protocol/routes';
import { estimateCostUsd } from '../../../proxy/src/fields';
import { signedFetch, type TestCredentials } from '../../signing/signedFetch';
import type { SqlLog } from './sqlLog';

export interface RelayTarget {
  proxyUrl: string;
  credentials: TestCredentials & { region: string };
  sqlLog: SqlLog;
  /** The SQL each spec last ran, so an answer from the proxy's cache can still show its statement. */
  sqlBySpec: Map<string, string[]>;
}

export interface RelayAnswer {
  status: number;
  /** The proxy's JSON answer (or its text when it was not JSON). */
  body: unknown;
}

const METHODS = new Set(['GET', 'POST', 'DELETE']);
/** A 202 is polled at the proxy's suggested pace, within these bounds, for at most this long. */
const POLL_MIN_MS = 20;
const POLL_MAX_MS = 1000;
const POLL_GIVE_UP_MS = 120_000;

/** Checks what the page asks to call: a v1 route with GET, POST or DELETE; the reason otherwise. */
export function relayProblem(method: unknown, path: unknown): string | undefined {
  if (typeof method !== 'string' || !METHODS.has(method)) return 'method must be GET, POST or DELETE';
  if (typeof path !== 'string' || !path.startsWith(`${API_PREFIX}/`) || /[\s#]/.test(path))
    return `path must be a ${API_PREFIX}/ route`;
  return undefined;
}

/** One signed call to the proxy. */
export async function relay(target: RelayTarget, method: string, pathAndQuery: string, body?: string) {
  const [path, rawQuery] = pathAndQuery.split('?', 2);
  const query = rawQuery ? Object.fromEntries(new URLSearchParams(rawQuery)) : undefined;
  const answer = await signedFetch(target.proxyUrl, target.credentials, {
    method,
    path,
    query,
    body,
    region: target.credentials.region,
  });
  return { status: answer.status, body: answer.json ?? answer.text } satisfies RelayAnswer;
}

export interface QueryRun extends RelayAnswer {
  /** Statements the engine was given during this run; for an answer from the proxy's cache, those of the run
   *  that filled the cache (`sqlFromEarlierRun`). */
  sql: string[];
  sqlFromEarlierRun: boolean;
  /** What Athena would charge for the bytes the answer reports (and for the estimate, when it has one). */
  costUsd?: { scanned: number; estimated?: number };
  /** Wall time of the run as the workbench saw it, 202 polls included. */
  elapsedMs: number;
  polls: number;
}

/** POST /v1/queries, then GET /v1/queries/{id} while the answer is 202. */
export async function runQuery(target: RelayTarget, specJson: string): Promise<QueryRun> {
  const started = performance.now();
  const mark = target.sqlLog.mark();
  let answer = await relay(target, 'POST', apiPath.queries(), specJson);
  let polls = 0;
  while (answer.status === 202 && performance.now() - started < POLL_GIVE_UP_MS) {
    const pending = answer.body as { queryId: string; retryAfterMs?: number };
    await sleep(Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, pending.retryAfterMs ?? POLL_MIN_MS)));
    answer = await relay(target, 'GET', apiPath.query(pending.queryId));
    polls += 1;
  }
  const elapsedMs = Math.round(performance.now() - started);
  const ran = target.sqlLog.since(mark);
  if (ran.length > 0) target.sqlBySpec.set(specJson, ran);
  const sql = ran.length > 0 ? ran : (target.sqlBySpec.get(specJson) ?? []);
  const sqlFromEarlierRun = ran.length === 0 && sql.length > 0;
  return { ...answer, sql, sqlFromEarlierRun, costUsd: costOf(answer.body), elapsedMs, polls };
}

function costOf(body: unknown): QueryRun['costUsd'] {
  const stats = (body as { stats?: Record<string, unknown> } | undefined)?.stats;
  if (!stats || typeof stats.bytesScanned !== 'number') return undefined;
  const estimated = typeof stats.estimatedBytes === 'number' ? estimateCostUsd(stats.estimatedBytes) : undefined;
  return { scanned: estimateCostUsd(stats.bytesScanned), ...(estimated === undefined ? {} : { estimated }) };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
