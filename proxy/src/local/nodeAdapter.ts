/**
 * Adapts Node's http server to the API Gateway REST proxy handler, so the local server runs exactly the code the
 * Lambda runs. Bodies over the limit are refused with 413 without being buffered; large JSON answers are gzipped
 * when the client accepts it (as API Gateway does with minimumCompressionSize).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { asProxyError, PayloadTooLargeError } from '../errors';
import { MAX_BODY_BYTES, type ProxyHandler } from '../http';

const COMPRESS_OVER_BYTES = 1024;
// On the threadpool, not the event loop: a 2 MB page compressed inline would stall every other request.
const gzipAsync = promisify(gzip);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.pause();
        reject(new PayloadTooLargeError(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Maps keyed by request text (header names, query keys) have no prototype: a key named `__proto__` or
 * `constructor` is just a key, never an inherited property (SECURITY.md#untrusted-keys).
 */
function emptyMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function splitQuery(rawQuery: string): Record<string, string[]> {
  const params = emptyMap<string[]>();
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    (params[key] ??= []).push(decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }
  return params;
}

function lastValues(multi: Record<string, string[]>): Record<string, string> {
  const last = emptyMap<string>();
  for (const [key, values] of Object.entries(multi)) last[key] = values[values.length - 1];
  return last;
}

/** Builds the event API Gateway would send for this request (REST API, Lambda proxy integration). */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEvent {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const multiQuery = splitQuery(q < 0 ? '' : url.slice(q + 1));
  const headers = emptyMap<string>();
  const multiValueHeaders = emptyMap<string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    (multiValueHeaders[name] ??= []).push(req.rawHeaders[i + 1]);
    headers[name] = multiValueHeaders[name].join(',');
  }
  const hasQuery = Object.keys(multiQuery).length > 0;
  return {
    httpMethod: (req.method ?? 'GET').toUpperCase(),
    path,
    resource: '/{proxy+}',
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(multiQuery) : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    body: body.length > 0 ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      path,
      httpMethod: (req.method ?? 'GET').toUpperCase(),
      stage: 'local',
    } as APIGatewayProxyEvent['requestContext'],
  };
}

async function send(req: IncomingMessage, res: ServerResponse, result: APIGatewayProxyResult): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  let payload = Buffer.from(result.body, 'utf8');
  if (payload.length > COMPRESS_OVER_BYTES && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    payload = await gzipAsync(payload, { level: 1 });
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(payload.length);
  res.writeHead(result.statusCode, headers);
  res.end(payload);
}

/** The Node request listener around a proxy handler. It never throws and never leaks a stack trace. */
export function nodeListener(handler: ProxyHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    readBody(req)
      .then((body) => handler(toApiGatewayEvent(req, body)))
      .catch((err: unknown) => {
        // Only body reading can fail here (the handler maps its own errors); the connection is closed after it.
        const error = asProxyError(err);
        return {
          statusCode: error.status,
          headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' },
          body: JSON.stringify(error.toBody()),
        };
      })
      .then((result) => send(req, res, result))
      .catch(() => res.destroy());
  };
}
