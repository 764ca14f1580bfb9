/** Running a query to its end on any engine, for the contract tests. */
import type { Engine, EngineQueryStatus } from '../../proxy/src/port/engine';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Polls until the query reaches a final state (real time; the engines under test are local). */
export async function waitForFinal(engine: Engine, queryId: string, timeoutMs = 20_000): Promise<EngineQueryStatus> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const status = await engine.getQueryStatus(queryId);
    if (FINAL.has(status.state)) return status;
    if (Date.now() > deadline) throw new Error(`query ${queryId} still ${status.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Runs `sql` to completion and reads `limit` rows from `offset`. */
export async function runToEnd(engine: Engine, sql: string, offset = 0, limit = 10_000) {
  const queryId = await engine.startQuery(sql, { callerId: 'contract-test' });
  const status = await waitForFinal(engine, queryId);
  if (status.state !== 'SUCCEEDED') throw new Error(`query failed: ${JSON.stringify(status.error)}`);
  return { queryId, status, slice: await engine.readResults(queryId, offset, limit) };
}
