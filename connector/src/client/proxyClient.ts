/**
 * Signed JSON calls to the query proxy. Every request is SigV4-signed for `execute-api` (a fresh signature per
 * attempt, so retries never reuse a stale x-amz-date), sent through the HTTP port — in parallel for batches, as
 * UrlFetchApp.fetchAll does — and retried a bounded number of times on 429/5xx/transport failures, never past the
 * caller's deadline. Non-2xx answers become {@link ProxyResponseError}s carrying the proxy's error code.
 */
import { parseProxyUrl } from './proxyEndpoint';
import type { ErrorBody } from '../../../protocol/contract';
import { ConnectorError, ProxyResponseError } from '../errors';
import { IDENTITY_TOKEN_HEADER } from '../../../protocol/contract';
import type { ConnectorServices, HttpRequest, HttpResponse } from '../ports';
import { TransportError } from '../ports';
import type { ProxyEndpoint } from './proxyEndpoint';
import { headerValue, isRetryableStatus, MAX_ATTEMPTS, retryDelayMs } from './retryPolicy';
import { signRequest } from '../sigv4';

/** The credentials a call is signed with (stored per user by auth/credentials.ts). */
export interface ProxyCredentials {
  path: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Keyless mode only (never stored): the Google ID token sent, signed, with every call (keylessCredentials.ts). */
  identityToken?: string;
}

/** One call: a route below the base URL (already percent-encoded, query included) and an optional JSON body. */
export interface ProxyCall {
  method: HttpRequest['method'];
  path: string;
  body?: unknown;
}

/** A successful answer: HTTP status (200 or 202) and the parsed JSON body. */
export interface ProxyAnswer<T> {
  status: number;
  body: T;
}

/** UrlFetchApp rejects longer URLs (docs/reference-looker-studio.md#apps-script-limits). */
const MAX_URL_LENGTH = 2000;

/** A client bound to one user's credentials and one deadline (epoch ms). */
export class ProxyClient {
  constructor(
    private readonly services: ConnectorServices,
    private readonly credentials: ProxyCredentials,
    private readonly endpoint: ProxyEndpoint,
    readonly deadline: number,
  ) {}

  /** Sends one call (with retries). */
  send<T>(call: ProxyCall): ProxyAnswer<T> {
    return this.sendAll<T>([call])[0];
  }

  /** Sends calls in parallel; each failed one is retried until it succeeds, fails for good, or time runs out. */
  sendAll<T>(calls: ProxyCall[]): ProxyAnswer<T>[] {
    const answers: (ProxyAnswer<T> | undefined)[] = calls.map(() => undefined);
    let pending = calls.map((_, index) => index);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const outcomes = this.tryOnce(pending.map((i) => calls[i]));
      const retry: number[] = [];
      let wait = 0;
      outcomes.forEach((outcome, k) => {
        const index = pending[k];
        const answer =
          outcome instanceof Error || isRetryableStatus(outcome.status) ? undefined : decodeAnswer<T>(outcome);
        if (answer && !(answer instanceof ProxyResponseError)) {
          answers[index] = answer;
          return;
        }
        const lastTry = attempt >= MAX_ATTEMPTS;
        const delay = retryDelayMs(
          attempt,
          outcome instanceof Error ? undefined : headerValue(outcome.headers, 'retry-after'),
        );
        if (lastTry || this.services.now() + delay > this.deadline) {
          throw outcome instanceof Error ? outcome : (answer ?? toProxyError(outcome));
        }
        retry.push(index);
        wait = Math.max(wait, delay);
      });
      if (retry.length > 0) this.services.sleep(wait);
      pending = retry;
    }
    return answers as ProxyAnswer<T>[];
  }

  /** One parallel round; a transport failure fails the whole round, as UrlFetchApp.fetchAll does. */
  private tryOnce(calls: ProxyCall[]): (HttpResponse | TransportError)[] {
    const requests = calls.map((call) => this.sign(call));
    try {
      return this.services.http.fetchAll(requests);
    } catch (error) {
      if (error instanceof TransportError) return calls.map(() => error);
      throw error;
    }
  }

  private sign(call: ProxyCall): HttpRequest {
    const url = `${this.endpoint.baseUrl}${call.path}`;
    if (url.length > MAX_URL_LENGTH) {
      throw new ConnectorError(
        'The proxy returned a result cursor that is too long to fetch.',
        `URL length ${url.length}`,
      );
    }
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    const identity = this.credentials.identityToken;
    const signed = signRequest(
      {
        method: call.method,
        url,
        body: payload,
        ...(identity ? { headers: { [IDENTITY_TOKEN_HEADER]: identity } } : {}),
      },
      {
        credentials: this.credentials,
        scope: { region: this.endpoint.region, service: 'execute-api' },
        now: new Date(this.services.now()),
        crypto: this.services.crypto,
      },
    );
    // UrlFetchApp sets Host itself (to the same value that was signed); content-type is deliberately unsigned
    // because the HTTP client owns that header.
    const headers: Record<string, string> = {};
    for (const name of Object.keys(signed)) if (name !== 'host') headers[name] = signed[name];
    return { url, method: call.method, headers, ...(payload === undefined ? {} : { payload }) };
  }
}

/**
 * Parses a 2xx JSON body, or throws the error the proxy (or whatever answered instead of it) reported. A 2xx body
 * that is not JSON is returned as an error, not thrown: a cut-off answer is worth another try.
 */
function decodeAnswer<T>(response: HttpResponse): ProxyAnswer<T> | ProxyResponseError {
  if (response.status < 200 || response.status >= 300) throw toProxyError(response);
  const parsed = parseJson(response.body);
  if (parsed === undefined)
    return new ProxyResponseError(response.status, 'MALFORMED_RESPONSE', 'The answer is not JSON.');
  return { status: response.status, body: parsed as T };
}

/** The error a non-2xx answer stands for. */
function toProxyError(response: HttpResponse): ProxyResponseError {
  const parsed = parseJson(response.body);
  const error = (parsed as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ProxyResponseError(response.status, error.code, error.message, error.details);
  }
  // Not the proxy's own error body: API Gateway's IAM authorizer answers 403 {"message": "..."} before the proxy runs.
  const gatewayMessage = String((parsed as { message?: unknown } | undefined)?.message ?? response.body.slice(0, 200));
  const code =
    response.status === 403
      ? 'FORBIDDEN'
      : response.status === 429
        ? 'TOO_MANY_QUERIES'
        : response.status >= 500
          ? 'PROXY_UNAVAILABLE'
          : 'BAD_RESPONSE';
  return new ProxyResponseError(response.status, code, `HTTP ${response.status}`, { gatewayMessage });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A client for explicit credentials (used to validate them before they are stored). */
export function clientFor(services: ConnectorServices, credentials: ProxyCredentials, budgetMs: number): ProxyClient {
  return new ProxyClient(services, credentials, parseProxyUrl(credentials.path), services.now() + budgetMs);
}
