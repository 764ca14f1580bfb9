/**
 * One AWS STS `AssumeRoleWithWebIdentity` call (docs/keyless.md): an unsigned form POST of the user's Google ID
 * token to the regional STS endpoint, answered in STS's XML. Success gives temporary credentials; each documented
 * failure becomes advice the report viewer (or the connector's owner) can act on.
 * Sources: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
import { ConnectorError } from '../errors';
import { TransportError, type ConnectorServices, type HttpResponse } from '../ports';

/** Temporary credentials as STS returns them. */
export interface StsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface StsRequest {
  /** e.g. https://sts.eu-west-1.amazonaws.com */
  endpoint: string;
  roleArn: string;
  /** The token's subject: the proxy requires the session name to equal it (docs/keyless.md#trusted-identity). */
  sessionName: string;
  idToken: string;
  durationSeconds: number;
}

const KEYLESS_HELP = 'docs/keyless.md in the connector repository';

/** Form-encodes like application/x-www-form-urlencoded (encodeURIComponent is stricter, which STS accepts). */
function formEncode(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k])}`)
    .join('&');
}

function tag(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match
    ? match[1]
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    : undefined;
}

/** Sends the call once; throws a ConnectorError with advice, or a TransportError/`retryable` error for another try. */
export function assumeRoleWithWebIdentity(request: StsRequest, services: ConnectorServices): StsCredentials {
  const payload = formEncode({
    Action: 'AssumeRoleWithWebIdentity',
    Version: '2011-06-15',
    RoleArn: request.roleArn,
    RoleSessionName: request.sessionName,
    WebIdentityToken: request.idToken,
    DurationSeconds: String(request.durationSeconds),
  });
  const [response] = services.http.fetchAll([
    {
      url: `${request.endpoint}/`,
      method: 'post',
      headers: {},
      payload,
      contentType: 'application/x-www-form-urlencoded',
    },
  ]);
  return readStsAnswer(response, request.roleArn);
}

/** STS answered but may be asked again shortly (throttling, 5xx, identity provider unreachable). */
export class StsBusyError extends ConnectorError {}

export function readStsAnswer(response: HttpResponse, roleArn: string): StsCredentials {
  if (response.status === 200) return readStsCredentials(response.body);
  throw stsRefusal(response, roleArn);
}

function readStsCredentials(body: string): StsCredentials {
  const expiration = Date.parse(tag(body, 'Expiration') ?? '');
  const credentials = {
    accessKeyId: tag(body, 'AccessKeyId') ?? '',
    secretAccessKey: tag(body, 'SecretAccessKey') ?? '',
    sessionToken: tag(body, 'SessionToken') ?? '',
    expiresAt: expiration,
  };
  if (credentials.accessKeyId && credentials.secretAccessKey && credentials.sessionToken && !Number.isNaN(expiration))
    return credentials;
  throw new StsBusyError(
    'AWS STS sent an incomplete answer. Please try again in a minute.',
    `STS HTTP 200 without credentials`,
  );
}

/** The error to throw for an STS answer other than 200: what the user can do about it, by STS error code. */
function stsRefusal(response: HttpResponse, roleArn: string): ConnectorError {
  const body = response.body;
  const code = tag(body, 'Code') ?? `HTTP ${response.status}`;
  const debug = `STS ${response.status} ${code}: ${(tag(body, 'Message') ?? body.slice(0, 200)).slice(0, 300)}`;
  switch (code) {
    case 'AccessDenied':
    case 'IDPRejectedClaim':
      return new ConnectorError(
        `AWS refused your Google sign-in for role ${roleArn}: the role does not trust this connector's client id ` +
          `(or your account is not on its allow-list). The data owner must set the connector's client id as the ` +
          `role's accounts.google.com:aud condition (see ${KEYLESS_HELP}).`,
        debug,
      );
    case 'InvalidIdentityToken':
      return new ConnectorError(
        `AWS could not validate your Google sign-in token for role ${roleArn}. Check that the role trusts ` +
          `accounts.google.com (see ${KEYLESS_HELP}), then reload the report.`,
        debug,
      );
    case 'ExpiredTokenException':
      return new ConnectorError(
        'Your Google sign-in token expired before AWS could check it. Reload the report.',
        debug,
      );
    case 'ValidationError':
      return new ConnectorError(`AWS STS rejected the sign-in request: ${tag(body, 'Message') ?? code}`, debug);
    default:
      return stsOtherRefusal(response.status, code, debug);
  }
}

function stsOtherRefusal(status: number, code: string, debug: string): ConnectorError {
  if (code === 'Throttling' || code === 'IDPCommunicationError' || status === 429 || status >= 500) {
    return new StsBusyError(
      'AWS STS is throttling sign-ins or unavailable right now. Please try again in a minute.',
      debug,
    );
  }
  return new ConnectorError(`AWS STS refused the sign-in (${code}). See ${KEYLESS_HELP}.`, debug);
}

/** Calls STS with a bounded retry on throttling and transport failures; gives up with actionable advice. */
export function exchangeIdToken(request: StsRequest, services: ConnectorServices, attempts = 3): StsCredentials {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return assumeRoleWithWebIdentity(request, services);
    } catch (error) {
      const busy = error instanceof StsBusyError || error instanceof TransportError;
      if (!busy || attempt >= attempts) {
        if (error instanceof TransportError) {
          throw new ConnectorError(
            'AWS STS could not be reached to sign you in. Please try again in a minute.',
            error.message,
          );
        }
        throw error;
      }
      services.sleep(500 * 2 ** (attempt - 1));
    }
  }
}
