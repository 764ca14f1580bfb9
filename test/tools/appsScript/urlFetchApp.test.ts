import { createAppsScriptServices, type AppsScriptServices } from '../../../tools/appsScript/appsScriptServices';
import { MAX_RESPONSE_BYTES, startSyncHttp } from '../../../tools/appsScript/syncHttp';
import { startTestServer, type TestServer } from '../../../tools/appsScript/testServer';
import { createUrlFetchApp, type FetchRecord } from '../../../tools/appsScript/urlFetchApp';

type UrlFetch = ReturnType<typeof createUrlFetchApp>;

let server: TestServer;
let services: AppsScriptServices;
let urlFetch: UrlFetch;

beforeAll(async () => {
  server = await startTestServer();
  services = createAppsScriptServices();
  urlFetch = services.globals.UrlFetchApp as UrlFetch;
});

afterAll(async () => {
  await services.close();
  await server.close();
});

describe('UrlFetchApp fake (real synchronous HTTP)', () => {
  it('sends method, headers and payload, and returns code, text and headers with the server’s case', () => {
    const response = urlFetch.fetch(`${server.url}/echo`, {
      method: 'post',
      headers: { 'X-Amz-Date': '20240115T120000Z' },
      payload: '{"city":"Zürich"}',
      contentType: 'application/json',
    });
    expect(response.getResponseCode()).toBe(200);
    const echoed = JSON.parse(response.getContentText());
    expect(echoed).toMatchObject({ method: 'POST', body: '{"city":"Zürich"}' });
    expect(echoed.headers).toMatchObject({ 'x-amz-date': '20240115T120000Z', 'content-type': 'application/json' });
    expect(echoed.headers['user-agent']).toMatch(/Google-Apps-Script/);
    expect(response.getAllHeaders()).toMatchObject({ 'X-Custom-Header': 'kept-case', 'Set-Cookie': ['a=1', 'b=2'] });
    expect(response.getHeaders()['Set-Cookie']).toBe('b=2');
  });

  it('returns signed bytes from getContent', () => {
    const bytes = urlFetch.fetch(`${server.url}/bytes/3`).getContent();
    expect(bytes).toEqual([97, 97, 97]);
  });

  it('throws on 4xx/5xx unless muteHttpExceptions is set', () => {
    expect(() => urlFetch.fetch(`${server.url}/status/503`)).toThrow(/returned code 503/);
    expect(urlFetch.fetch(`${server.url}/status/503`, { muteHttpExceptions: true }).getResponseCode()).toBe(503);
  });

  it('throws on transport failures even with muteHttpExceptions', () => {
    expect(() => urlFetch.fetch('http://127.0.0.1:1/', { muteHttpExceptions: true })).toThrow(/^Exception: /);
  });

  it('rejects URLs over 2 KB before sending', () => {
    const before = services.fetches.length;
    expect(() => urlFetch.fetch(`${server.url}/echo?${'x'.repeat(2048)}`)).toThrow(/URL Length/);
    expect(services.fetches.length).toBe(before);
  });

  it('runs fetchAll requests concurrently and returns them in request order', () => {
    const responses = urlFetch.fetchAll([
      { url: `${server.url}/barrier/3` },
      { url: `${server.url}/barrier/3` },
      { url: `${server.url}/barrier/3` },
      { url: `${server.url}/status/404`, muteHttpExceptions: true },
    ]);
    expect(responses.map((r) => r.getResponseCode())).toEqual([200, 200, 200, 404]);
    expect(responses[0].getContentText()).toBe('released');
  });

  it('records traffic without headers (they carry signatures)', () => {
    const log: FetchRecord[] = services.fetches;
    expect(log.some((r) => r.url === `${server.url}/echo` && r.method === 'POST' && r.status === 200)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('X-Amz-Date');
  });

  it('enforces the response size cap (50 MB in Apps Script; a small cap here)', async () => {
    expect(MAX_RESPONSE_BYTES).toBe(50 * 1024 * 1024);
    const http = startSyncHttp(1024);
    const capped = createUrlFetchApp(http, []);
    expect(capped.fetch(`${server.url}/bytes/1024`).getContentText()).toHaveLength(1024);
    expect(() => capped.fetch(`${server.url}/bytes/1025`)).toThrow(/maximum size/);
    await http.close();
  });
});
