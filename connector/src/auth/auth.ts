/**
 * Auth type PATH_USER_PASS (docs/reference-looker-studio.md#auth-types): the user enters the proxy URL as path, the
 * access key id as username and the secret access key as password. setCredentials proves them with a signed GET
 * /v1/health before storing them in the user's own properties; isAuthValid re-proves them at most every few minutes.
 * A role ARN as username with the password `google` selects the keyless mode instead (keylessAuth.ts).
 */
import type { HealthResponse } from '../../../protocol/contract';
import {
  clearCredentials,
  fingerprintCredentials,
  loadCredentials,
  parseCredentialInput,
  saveCredentials,
  type ProxyCredentials,
} from './credentials';
import { ConnectorError, ProxyResponseError } from '../errors';
import { keylessAuthValid, storeKeylessSetup } from './keylessAuth';
import { clearKeylessSetup, parseKeylessInput } from './keylessCredentials';
import { CREDENTIALS_HELP_URL } from '../links';
import type { SetCredentialsRequest, SetCredentialsResponse } from '../lookerTypes';
import { TransportError, type ConnectorServices } from '../ports';
import { clientFor } from '../client';
import { apiPath } from '../../../protocol/routes';

/** Time budget of one health check (it retries transient failures inside it). */
const HEALTH_CHECK_BUDGET_MS = 20_000;
/** How long a successful check vouches for the credentials in isAuthValid. */
const VALID_FOR_SECONDS = 300;

type Verdict = 'valid' | 'invalid' | 'unknown';

/** `getAuthType()` response: PATH_USER_PASS with a link to the credentials how-to. */
export function describeAuthType(services: ConnectorServices): unknown {
  const { looker } = services;
  return looker
    .newAuthTypeResponse()
    .setAuthType(looker.AuthType.PATH_USER_PASS)
    .setHelpUrl(CREDENTIALS_HELP_URL)
    .build();
}

/** Validates and stores credentials; exactly `{errorCode: 'NONE'}` or `{errorCode: 'INVALID_CREDENTIALS'}`. */
export function storeCredentials(request: SetCredentialsRequest, services: ConnectorServices): SetCredentialsResponse {
  // Username = an IAM role ARN and password = "google" selects the keyless mode (docs/keyless.md).
  const keyless = parseKeylessInput(request?.pathUserPass);
  if (keyless) return storeKeylessSetup(keyless, services, checkCredentials);
  const credentials = parseCredentialInput(request?.pathUserPass);
  const verdict = credentials ? checkCredentials(credentials, services) : 'invalid';
  if (!credentials || verdict !== 'valid') {
    services.log(`setCredentials: rejected (${credentials ? `health check ${verdict}` : 'malformed input'})`);
    return { errorCode: 'INVALID_CREDENTIALS' };
  }
  clearKeylessSetup(services.userProperties);
  saveCredentials(services.userProperties, credentials);
  rememberValid(credentials, services);
  return { errorCode: 'NONE' };
}

/** True when credentials are stored and not known to be rejected (a proxy outage does not force re-auth). */
export function hasValidCredentials(services: ConnectorServices): boolean {
  const keyless = keylessAuthValid(services, checkCredentials);
  if (keyless !== undefined) return keyless;
  const credentials = loadCredentials(services.userProperties);
  if (!credentials) return false;
  if (services.userCache.get(validityKey(credentials, services)) !== null) return true;
  const verdict = checkCredentials(credentials, services);
  if (verdict === 'valid') rememberValid(credentials, services);
  return verdict !== 'invalid';
}

/** Forgets the user's credentials. */
export function forgetCredentials(services: ConnectorServices): void {
  const credentials = loadCredentials(services.userProperties);
  if (credentials) services.userCache.remove(validityKey(credentials, services));
  clearCredentials(services.userProperties);
  clearKeylessSetup(services.userProperties);
}

/** Signed GET /v1/health: 2xx proves the signature; 4xx (403, or 404 for a wrong path) disproves it. */
function checkCredentials(credentials: ProxyCredentials, services: ConnectorServices): Verdict {
  try {
    const answer = clientFor(services, credentials, HEALTH_CHECK_BUDGET_MS).send<HealthResponse>({
      method: 'get',
      path: apiPath.health(),
    });
    return answer.status === 200 && answer.body.status === 'ok' ? 'valid' : 'invalid';
  } catch (error) {
    if (error instanceof ConnectorError) return 'invalid';
    if (error instanceof ProxyResponseError) return error.status < 500 && error.status !== 429 ? 'invalid' : 'unknown';
    if (error instanceof TransportError) return 'unknown';
    throw error;
  }
}

function rememberValid(credentials: ProxyCredentials, services: ConnectorServices): void {
  services.userCache.put(validityKey(credentials, services), '1', VALID_FOR_SECONDS);
}

/** Cache key from a hash of the credentials: the secret never appears in a key. */
function validityKey(credentials: ProxyCredentials, services: ConnectorServices): string {
  return `auth.valid.${fingerprintCredentials(credentials, services.crypto)}`;
}
