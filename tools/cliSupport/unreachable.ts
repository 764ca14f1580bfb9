/**
 * One wording for "the proxy is not there", shared by the command-line tools: Node's fetch reports a refused
 * connection only as `fetch failed` with the socket error in `cause`, which names neither the URL nor a way out.
 */

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** The socket error code behind a failed fetch (searched through `cause` and AggregateError's `errors`). */
export function socketErrorCode(err: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof err !== 'object' || err === null) return undefined;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code in REASONS) return code;
  for (const inner of [cause, ...(Array.isArray(errors) ? errors : [])]) {
    const found = socketErrorCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A message naming the URL and the reason when `err` is a connection failure; undefined otherwise. */
export function describeUnreachable(err: unknown, url: string): string | undefined {
  const code = socketErrorCode(err);
  if (!code) return undefined;
  return (
    `cannot reach the proxy at ${url}: ${REASONS[code]} (${code}). ` +
    'Is it running? Start it with `npm start`, or pass --proxy URL for another one.'
  );
}
