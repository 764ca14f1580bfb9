/**
 * The workbench's HTTP server on loopback: the page's files and a small JSON API, every request behind the
 * token and Host checks of ./guard. The API relays to the proxy, signing in this process (./relay).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../../proxy/src/local';
import { declaredEventTypes } from './eventExamples';
import { allowedHosts, checkRequest, newWorkbenchToken } from './guard';
import { buildPageAssets, type PageAsset } from './pageAssets';
import { relay, relayProblem, runQuery, type RelayTarget } from './relay';
import type { SqlLog } from './sqlLog';

export interface WorkbenchOptions {
  proxyUrl: string;
  credentials: RelayTarget['credentials'];
  sqlLog: SqlLog;
  /** Loopback address to bind (default 127.0.0.1); 0 (the default port) picks a free port. */
  host?: string;
  port?: number;
}

export interface Workbench {
  /** The page's URL, token included: what the banner prints. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** The page loads only its own files and talks only to its own origin. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const host = options.host ?? '127.0.0.1';
  const token = newWorkbenchToken();
  const assets = await buildPageAssets();
  const target: RelayTarget = { ...options, sqlBySpec: new Map() };
  let hosts = new Set<string>();
  const server = createServer((req, res) => {
    const verdict = checkRequest({ host: req.headers.host, path: req.url ?? '/' }, token, hosts);
    if (!verdict.ok) return send(res, verdict.status, { error: { code: 'FORBIDDEN', message: verdict.message } });
    if (!sameOrigin(req, hosts))
      return send(res, 403, { error: { code: 'FORBIDDEN', message: 'Cross-origin requests are refused.' } });
    route(req, verdict.rest, { assets, target }).then(
      (answer) => sendAnswer(res, answer),
      (err: unknown) => send(res, 502, { error: { code: 'WORKBENCH', message: messageOf(err) } }),
    );
  });
  const listening = await listenOnLoopback(server, options.port ?? 0, host);
  hosts = allowedHosts(host, Number(new URL(listening.url).port));
  return { url: `${listening.url}/${token}/`, close: () => listening.close() };
}

type Answer = { status: number; json: unknown } | { status: 200; asset: PageAsset };

async function route(
  req: IncomingMessage,
  path: string,
  context: { assets: Map<string, PageAsset>; target: RelayTarget },
): Promise<Answer> {
  const asset = context.assets.get(path);
  if (req.method === 'GET' && asset) return { status: 200, asset };
  if (req.method === 'GET' && path === '/api/event-types') return { status: 200, json: declaredEventTypes() };
  if (req.method === 'POST' && path === '/api/call') {
    const call = parseJson(await readBody(req)) as { method?: unknown; path?: unknown; body?: unknown };
    const problem = relayProblem(call?.method, call?.path);
    if (problem) return { status: 400, json: { error: { code: 'BAD_REQUEST', message: problem } } };
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    return { status: 200, json: await relay(context.target, call.method as string, call.path as string, body) };
  }
  if (req.method === 'POST' && path === '/api/query')
    return { status: 200, json: await runQuery(context.target, await readBody(req)) };
  return { status: 404, json: { error: { code: 'NOT_FOUND', message: `No workbench route ${req.method} ${path}` } } };
}

/** Browsers send Origin on cross-origin fetches and on every POST: it must be the workbench itself. */
function sameOrigin(req: IncomingMessage, hosts: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return hosts.has(new URL(origin).host);
  } catch {
    return false;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('request body over 1 MB'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sendAnswer(res: ServerResponse, answer: Answer): void {
  if ('asset' in answer) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': answer.asset.contentType });
    res.end(answer.asset.body);
  } else send(res, answer.status, answer.json);
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(json));
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
