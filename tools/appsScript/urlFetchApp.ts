/**
 * UrlFetchApp fake doing real synchronous HTTP (docs/reference-looker-studio.md#urlfetchapp, limits in
 * docs/reference-looker-studio.md#apps-script-limits): fetch/fetchAll/
 * getRequest, muteHttpExceptions, HTTPResponse getters, the 2 KB URL limit and the 50 MB response limit.
 * Error texts imitate Apps Script's "Exception: …" style; their exact wording is not documented.
 */
import type { SyncHttp, WireRequest, WireResult } from './syncHttp';
import { toSignedBytes } from './bytes';

/** The params UrlFetchApp accepts (the subset a connector uses, plus what is needed to reject misuse). */
export interface FetchParams {
  method?: string;
  headers?: Record<string, string>;
  contentType?: string;
  payload?: string | number[] | Record<string, string>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
}

/** What the fake records per request, so tests can assert traffic (never the headers: they carry signatures). */
export interface FetchRecord {
  url: string;
  method: string;
  status: number | 'transport-error';
}

const MAX_URL_LENGTH = 2 * 1024;
const MAX_HEADERS = 100;
const USER_AGENT = 'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: harness)';

/** What one UrlFetchApp global shares between its calls. */
interface FetchContext {
  http: SyncHttp;
  log: FetchRecord[];
  timeoutMs: number;
  hostMap: Record<string, string>;
  /** The URL the script asked for, per wire request (the wire may go to a mapped local origin). */
  asked: WeakMap<WireRequest, string>;
}

/** Like a hosts-file entry: requests to a mapped origin (e.g. https://sts.us-east-1.amazonaws.com) go to a local server. */
function route(url: string, hostMap: Record<string, string>): string {
  const origin = Object.keys(hostMap).find((o) => url === o || url.startsWith(`${o}/`));
  return origin === undefined ? url : `${hostMap[origin]}${url.slice(origin.length)}`;
}

function toWire(context: FetchContext, url: string, params: FetchParams = {}): WireRequest {
  if (!/^https?:\/\//i.test(url)) throw new Error(`Exception: Invalid argument: ${url}`);
  if (url.length > MAX_URL_LENGTH) throw new Error('Exception: Limit Exceeded: URLFetch URL Length.');
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...(params.headers ?? {}) };
  if (Object.keys(headers).length > MAX_HEADERS) throw new Error('Exception: Limit Exceeded: URLFetch headers.');
  const method = (params.method ?? 'get').toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
    throw new Error(`Exception: Invalid argument: method ${params.method}`);
  }
  const body = encodePayload(params.payload);
  if (body !== undefined) headers['Content-Type'] = params.contentType ?? 'application/x-www-form-urlencoded';
  const wire = { url: route(url, context.hostMap), method, headers, body, timeoutMs: context.timeoutMs };
  context.asked.set(wire, url);
  return wire;
}

function toResponse(context: FetchContext, request: WireRequest, result: WireResult, mute: boolean) {
  const url = context.asked.get(request) ?? request.url;
  if (!result.ok) {
    context.log.push({ url, method: request.method, status: 'transport-error' });
    throw new Error(`Exception: ${result.message}: ${request.url}`);
  }
  context.log.push({ url, method: request.method, status: result.status });
  const response = createHttpResponse(result.status, result.rawHeaders, result.body);
  if (!mute && result.status >= 400) {
    throw new Error(
      `Exception: Request failed for ${request.url} returned code ${result.status}. Truncated server response: ` +
        `${response.getContentText().slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
    );
  }
  return response;
}

/** Builds the `UrlFetchApp` global over a blocking HTTP client. */
export function createUrlFetchApp(
  http: SyncHttp,
  log: FetchRecord[],
  timeoutMs = 60_000,
  hostMap: Record<string, string> = {},
) {
  const context: FetchContext = { http, log, timeoutMs, hostMap, asked: new WeakMap() };
  return {
    fetch(url: string, params?: FetchParams) {
      const request = toWire(context, url, params);
      return toResponse(context, request, http.send([request])[0], params?.muteHttpExceptions === true);
    },
    fetchAll(requests: (FetchParams & { url: string })[]) {
      const wire = requests.map((r) => toWire(context, r.url, r));
      const results = http.send(wire);
      return results.map((result, i) => toResponse(context, wire[i], result, requests[i].muteHttpExceptions === true));
    },
    getRequest(url: string, params?: FetchParams) {
      const { method, headers, body } = toWire(context, url, params);
      return { url, method: method.toLowerCase(), headers, payload: body ? Buffer.from(body).toString('utf8') : '' };
    },
  };
}

function encodePayload(payload: FetchParams['payload']): Uint8Array | undefined {
  if (payload === undefined) return undefined;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Array.isArray(payload)) return Uint8Array.from(payload, (b) => b & 0xff);
  const form = Object.entries(payload).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return Buffer.from(form.join('&'), 'utf8');
}

/** The HTTPResponse object: header names keep the server's case, as Apps Script reports them. */
function createHttpResponse(status: number, rawHeaders: string[], body: Uint8Array) {
  const all: Record<string, string | string[]> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const [name, value] = [rawHeaders[i], rawHeaders[i + 1]];
    const previous = all[name];
    all[name] = previous === undefined ? value : ([] as string[]).concat(previous, value);
  }
  return {
    getResponseCode: () => status,
    getContentText: (charset?: string) => Buffer.from(body).toString(charset === 'US-ASCII' ? 'latin1' : 'utf8'),
    getContent: () => toSignedBytes(body),
    getAllHeaders: () => ({ ...all }),
    getHeaders: () =>
      Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v])),
  };
}
