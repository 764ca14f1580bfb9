/**
 * In-memory {@link ConnectorServices} for unit tests of the connector core: a scripted proxy behind the HTTP port,
 * Map-backed stores, a virtual clock that `sleep` advances (so backoff and deadlines run instantly), Node crypto
 * with Apps Script's signed bytes, and the harness's DataStudioApp fake as the Looker builder.
 */
import * as crypto from 'node:crypto';
import type { ConnectorServices, HttpRequest, HttpResponse } from '../../connector/src/ports';
import { TransportError } from '../../connector/src/ports';
import { createDataStudioApp } from '../../tools/appsScript/dataStudioApp';
import { FakeCache, FakeProperties } from '../../tools/appsScript/stores';

/** What the scripted proxy answers: a response, or a transport failure. */
export type Reply = HttpResponse | TransportError;
/** Answers one request; `attempt` counts requests to the same method and path, from 1. */
export type Route = (request: HttpRequest, attempt: number) => Reply;

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

const signed = (bytes: Buffer) => Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
const unsigned = (bytes: number[]) => Buffer.from(bytes.map((b) => b & 0xff));

/** The services plus everything tests inspect. */
export interface FakeWorld {
  services: ConnectorServices;
  /** Every request sent, in order. */
  requests: HttpRequest[];
  /** Calls to fetchAll and how many requests each carried. */
  batches: number[];
  sleeps: number[];
  logs: string[];
  userProperties: FakeProperties;
  scriptProperties: FakeProperties;
  userCache: FakeCache;
  clock: { now: number };
  /** What ScriptApp.getIdentityToken() returns (or throws); tests replace `token`. */
  identity: { token: () => string };
}

/**
 * Routes are keyed "METHOD /path" (query string excluded); unmatched requests get a 404 error body.
 * `attempt` counts calls to the same key, from 1.
 */
export function createFakeWorld(routes: Record<string, Route>, email = 'analyst@example.com'): FakeWorld {
  const clock = { now: Date.UTC(2024, 0, 15, 12, 0, 0) };
  const identity = { token: (): string => '' };
  const requests: HttpRequest[] = [];
  const batches: number[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const attempts = new Map<string, number>();
  const userProperties = new FakeProperties();
  const scriptProperties = new FakeProperties();
  const userCache = new FakeCache(() => clock.now);
  const answer = (request: HttpRequest): Reply => {
    const key = `${request.method.toUpperCase()} ${request.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const route = Object.entries(routes).find(([pattern]) => key.endsWith(pattern))?.[1];
    return route
      ? route(request, attempt)
      : json(404, { error: { code: 'NOT_FOUND', message: `No such route: ${key}` } });
  };
  const services: ConnectorServices = {
    looker: createDataStudioApp().createCommunityConnector(),
    http: {
      fetchAll(batch) {
        batches.push(batch.length);
        requests.push(...batch);
        const replies = batch.map(answer);
        const failure = replies.find((r): r is TransportError => r instanceof TransportError);
        if (failure) throw failure;
        return replies as HttpResponse[];
      },
    },
    userProperties: {
      get: (k) => userProperties.getProperty(k),
      set: (k, v) => void userProperties.setProperty(k, v),
      remove: (k) => void userProperties.deleteProperty(k),
    },
    scriptProperties: { get: (k) => scriptProperties.getProperty(k) },
    userCache: {
      get: (k) => userCache.get(k),
      put: (k, v, t) => userCache.put(k, v, t),
      remove: (k) => userCache.remove(k),
    },
    crypto: {
      sha256: (bytes) => signed(crypto.createHash('sha256').update(unsigned(bytes)).digest()),
      hmacSha256: (key, message) =>
        signed(crypto.createHmac('sha256', unsigned(key)).update(unsigned(message)).digest()),
    },
    now: () => clock.now,
    sleep: (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    sessionEmail: () => email,
    identityToken: () => identity.token(),
    log: (message) => logs.push(message),
  };
  return { services, requests, batches, sleeps, logs, userProperties, scriptProperties, userCache, clock, identity };
}

/** Test credentials, and a helper that stores them as setCredentials would. */
export const TEST_CREDENTIALS = {
  path: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
  accessKeyId: 'AKIDEXAMPLE00000001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** Stores TEST_CREDENTIALS as setCredentials would. */
export function storeTestCredentials(world: FakeWorld): void {
  world.userProperties.setProperty('proxy.credentials', JSON.stringify(TEST_CREDENTIALS));
}
