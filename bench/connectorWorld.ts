/**
 * The connector side of the benchmark: the BUILT bundle in the Apps Script harness (tools/appsScript), signed in to
 * the proxy, with its UrlFetchApp and Utilities.sleep metered — so each getData call reports how long it took,
 * how much of that was HTTP or sleeping (the rest is the bundle's own work), and how many bytes came back.
 */
import { gzipSync } from 'node:zlib';
import type { GetDataRequest, GetDataResponse } from '../connector/src/lookerTypes';
import { createAppsScriptServices, type AppsScriptServices } from '../tools/appsScript/appsScriptServices';
import { loadBundle, type LoadedConnector } from '../tools/appsScript/loadBundle';

/** Bodies larger than this are gzipped by the proxy when the client accepts it (proxy/src/local/nodeAdapter.ts). */
const PROXY_GZIP_OVER_BYTES = 1024;

/** One getData call, measured. */
export interface MeteredCall {
  response: GetDataResponse;
  totalMs: number;
  /** Time inside UrlFetchApp (real HTTP to the proxy, including reading the body text). */
  httpMs: number;
  /** Time inside Utilities.sleep (polling backoff). */
  sleepMs: number;
  /** HTTP requests made, response body bytes as sent (identity), and as the proxy's gzip would send them. */
  requests: number;
  bodyBytes: number;
  gzipBytes: number;
}

export interface ConnectorWorld {
  getData(request: GetDataRequest): MeteredCall;
  close(): Promise<void>;
}

interface Meter {
  httpMs: number;
  sleepMs: number;
  bodies: string[];
}

type FetchResponse = { getContentText(): string } & Record<string, (...args: unknown[]) => unknown>;
type UrlFetch = { fetch(...args: unknown[]): FetchResponse; fetchAll(...args: unknown[]): FetchResponse[] };

/** Loads `bundlePath` into a fresh Apps Script world and signs in with the proxy's credentials. */
export function openConnectorWorld(
  bundlePath: string,
  proxyUrl: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): ConnectorWorld {
  const services: AppsScriptServices = createAppsScriptServices({ sleep: 'real' });
  const meter: Meter = { httpMs: 0, sleepMs: 0, bodies: [] };
  services.globals.UrlFetchApp = meterUrlFetch(services.globals.UrlFetchApp as UrlFetch, meter);
  services.globals.Utilities = meterSleep(services.globals.Utilities as { sleep(ms: number): void }, meter);
  const connector: LoadedConnector = loadBundle(bundlePath, services);
  const answer = connector.invoke<{ errorCode: string }>('setCredentials', {
    pathUserPass: { path: proxyUrl, username: credentials.accessKeyId, password: credentials.secretAccessKey },
  });
  if (answer.errorCode !== 'NONE') {
    void services.close();
    throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  }
  return {
    getData(request) {
      Object.assign(meter, { httpMs: 0, sleepMs: 0, bodies: [] });
      const started = performance.now();
      const response = connector.invoke<GetDataResponse>('getData', request);
      const totalMs = performance.now() - started;
      const bytes = meter.bodies.map((body) => Buffer.from(body, 'utf8'));
      const gzipped = bytes.map((b) =>
        b.length > PROXY_GZIP_OVER_BYTES ? gzipSync(b, { level: 1 }).length : b.length,
      );
      return {
        response,
        totalMs,
        httpMs: meter.httpMs,
        sleepMs: meter.sleepMs,
        requests: bytes.length,
        bodyBytes: bytes.reduce((sum, b) => sum + b.length, 0),
        gzipBytes: gzipped.reduce((sum, n) => sum + n, 0),
      };
    },
    close: () => services.close(),
  };
}

/** Reads each body inside the timed fetch (so decoding counts as HTTP) and hands the bundle the same text. */
function meterUrlFetch(urlFetch: UrlFetch, meter: Meter): UrlFetch {
  const keep = (response: FetchResponse): FetchResponse => {
    const text = response.getContentText();
    meter.bodies.push(text);
    return { ...response, getContentText: () => text };
  };
  const timed = <T>(run: () => T): T => {
    const started = performance.now();
    try {
      return run();
    } finally {
      meter.httpMs += performance.now() - started;
    }
  };
  return {
    ...urlFetch,
    fetch: (...args) => timed(() => keep(urlFetch.fetch(...args))),
    fetchAll: (...args) => timed(() => urlFetch.fetchAll(...args).map(keep)),
  };
}

function meterSleep<T extends { sleep(ms: number): void }>(utilities: T, meter: Meter): T {
  return {
    ...utilities,
    sleep(ms: number) {
      const started = performance.now();
      utilities.sleep(ms);
      meter.sleepMs += performance.now() - started;
    },
  };
}
