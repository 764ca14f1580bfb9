/**
 * Parses the "path" the user typed in the PATH_USER_PASS auth dialog: the proxy base URL, e.g.
 * `https://abc123.execute-api.eu-west-1.amazonaws.com/prod`. Apps Script has no `URL` class, hence the regex.
 *
 * Rules: https only, except plain http to a loopback host (127.0.0.1, localhost) for local development — not [::1]
 * yet, because the signer's URL parser (sigv4/url.ts) accepts host names and IPv4 only;
 * no credentials, query or other fragment in the URL. The SigV4 region comes from an execute-api host name; for
 * any other host (custom domain, local proxy) it is `us-east-1` unless the URL ends with a `#region=<region>` hint
 * (a fragment is never sent over HTTP, so the hint cannot change the request).
 */
import { ConnectorError } from '../errors';
import { regionFromExecuteApiHost } from '../sigv4';

/** Where and how to sign calls to the proxy. */
export interface ProxyEndpoint {
  /** Scheme, host and stage path, without a trailing slash; routes (`/v1/...`) are appended to it. */
  baseUrl: string;
  region: string;
}

/** The region the local proxy and custom domains sign with unless told otherwise (AWS_REGION default). */
export const DEFAULT_REGION = 'us-east-1';

// Host name or IPv4 with optional port; a path of URL-safe characters (what the signer can sign as sent).
const PROXY_URL =
  /^(https?):\/\/([a-z0-9.-]+(?::\d{1,5})?)(\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*)?(?:#region=([a-z]{2}(?:-[a-z]+)+-\d+))?$/i;
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost)(?::\d{1,5})?$/i;

/** Validates the proxy URL; throws a {@link ConnectorError} saying what is wrong. */
export function parseProxyUrl(text: string): ProxyEndpoint {
  const match = PROXY_URL.exec(text.trim());
  if (!match) {
    throw new ConnectorError(
      'The proxy URL must look like https://<api-id>.execute-api.<region>.amazonaws.com/<stage> ' +
        '(no query string; an optional #region=<region> may follow).',
    );
  }
  const [, scheme, host, path = '', regionHint] = match;
  if (scheme.toLowerCase() === 'http' && !LOOPBACK_HOST.test(host)) {
    throw new ConnectorError(
      'The proxy URL must use https:// (plain http:// is only allowed for 127.0.0.1 or localhost).',
    );
  }
  const baseUrl = `${scheme.toLowerCase()}://${host}${path.replace(/\/+$/, '')}`;
  const region = regionHint?.toLowerCase() ?? regionFromExecuteApiHost(host) ?? DEFAULT_REGION;
  return { baseUrl, region };
}
