/**
 * Runs one query on the proxy over signed HTTP to completion, as a client would: POST, poll while 202, then every
 * further page by its cursor. Returns the joined rows.
 */
import type { QueryResultResponse, QuerySpec } from '../../protocol/contract';
import { signedFetch, type CallResult, type TestCredentials } from '../../tools/signing/signedFetch';
import type { Rows } from '../../tools/lookerModel/lookerChart';

/** Fetches every row of `spec`; throws with the proxy's error body on any non-2xx answer. */
export async function fetchRows(url: string, credentials: TestCredentials, spec: QuerySpec): Promise<Rows> {
  let answer = ensureOk(
    await signedFetch(url, credentials, { method: 'POST', path: '/v1/queries', body: JSON.stringify(spec) }),
  );
  while (answer.status === 202) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    answer = ensureOk(
      await signedFetch(url, credentials, { method: 'GET', path: `/v1/queries/${answer.json.queryId}` }),
    );
  }
  const first = answer.json as QueryResultResponse;
  const pages = await Promise.all(
    (first.cursors ?? []).map(async (cursor) => {
      const page = ensureOk(
        await signedFetch(url, credentials, { method: 'GET', path: `/v1/queries/${first.queryId}`, query: { cursor } }),
      );
      return (page.json as QueryResultResponse).rows;
    }),
  );
  return { schema: first.schema, rows: first.rows.concat(...pages), filtersApplied: first.filtersApplied };
}

function ensureOk(result: CallResult): CallResult {
  if (result.status !== 200 && result.status !== 202)
    throw new Error(`proxy answered ${result.status}: ${result.text}`);
  return result;
}
