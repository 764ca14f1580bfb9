/**
 * The HTTP port over UrlFetchApp (docs/reference-looker-studio.md#urlfetchapp): always `muteHttpExceptions` so 4xx/5xx
 * come back as responses the proxy client can read, and any thrown exception (DNS, connection, timeout, quota) becomes
 * a {@link TransportError}. `fetchAll` runs the requests in parallel inside Google's infrastructure.
 */
import { TransportError, type HttpPort, type HttpRequest, type HttpResponse } from '../ports';

type UrlFetch = Pick<GoogleAppsScript.URL_Fetch.UrlFetchApp, 'fetch' | 'fetchAll'>;

/** Creates the port; `urlFetch` defaults to the UrlFetchApp global, read only when this is called. */
export function createUrlFetchHttp(urlFetch: UrlFetch = UrlFetchApp): HttpPort {
  return {
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      let responses: GoogleAppsScript.URL_Fetch.HTTPResponse[];
      try {
        responses =
          requests.length === 1
            ? [urlFetch.fetch(requests[0].url, toOptions(requests[0]))]
            : urlFetch.fetchAll(requests.map((r) => ({ url: r.url, ...toOptions(r) })));
      } catch (error) {
        throw new TransportError(error instanceof Error ? error.message : String(error));
      }
      return responses.map(toHttpResponse);
    },
  };
}

function toOptions(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  return {
    method: request.method,
    headers: request.headers,
    muteHttpExceptions: true,
    followRedirects: false,
    ...(request.payload === undefined
      ? {}
      : { payload: request.payload, contentType: request.contentType ?? 'application/json' }),
  };
}

function toHttpResponse(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpResponse {
  const headers: Record<string, string> = {};
  const all = response.getAllHeaders() as Record<string, string | string[]>;
  for (const name of Object.keys(all)) {
    const value = all[name];
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: response.getResponseCode(), headers, body: response.getContentText() };
}
