/**
 * setCredentials / isAuthValid for the keyless mode (keylessCredentials.ts): the setup is accepted only after a full
 * sign-in — ID token, STS exchange, signed GET /v1/health — succeeded, so a role that does not trust the connector
 * is caught in the auth dialog, not in the first chart.
 */
import { clearCredentials } from './credentials';
import { ConnectorError } from '../errors';
import { keylessCredentials, loadKeylessSetup, saveKeylessSetup, type KeylessSetup } from './keylessCredentials';
import type { SetCredentialsResponse } from '../lookerTypes';
import type { ConnectorServices } from '../ports';
import { bytesToHex, encodeUtf8 } from '../sigv4';
import { StsBusyError } from './stsExchange';

type Verdict = 'valid' | 'invalid' | 'unknown';
type HealthCheck = (credentials: ReturnType<typeof keylessCredentials>, services: ConnectorServices) => Verdict;

const VALID_FOR_SECONDS = 300;

function verdictOf(setup: KeylessSetup, services: ConnectorServices, check: HealthCheck): Verdict {
  try {
    return check(keylessCredentials(setup, services), services);
  } catch (error) {
    if (error instanceof StsBusyError) return 'unknown';
    if (error instanceof ConnectorError) {
      services.log(`keyless sign-in failed: ${error.userText} (${error.debugText})`);
      return 'invalid';
    }
    throw error;
  }
}

function validityKey(setup: KeylessSetup, services: ConnectorServices): string {
  const text = `${setup.path}\n${setup.roleArn}\n${services.sessionEmail()}`;
  return `auth.keyless.${bytesToHex(services.crypto.sha256(encodeUtf8(text)))}`;
}

export function storeKeylessSetup(
  setup: KeylessSetup,
  services: ConnectorServices,
  check: HealthCheck,
): SetCredentialsResponse {
  const verdict = verdictOf(setup, services, check);
  if (verdict !== 'valid') {
    services.log(`setCredentials: keyless setup rejected (sign-in ${verdict})`);
    return { errorCode: 'INVALID_CREDENTIALS' };
  }
  clearCredentials(services.userProperties);
  saveKeylessSetup(services.userProperties, setup);
  services.userCache.put(validityKey(setup, services), '1', VALID_FOR_SECONDS);
  return { errorCode: 'NONE' };
}

/** undefined when the user is not in keyless mode; else whether the sign-in still works (outages do not count). */
export function keylessAuthValid(services: ConnectorServices, check: HealthCheck): boolean | undefined {
  const setup = loadKeylessSetup(services.userProperties);
  if (!setup) return undefined;
  const key = validityKey(setup, services);
  if (services.userCache.get(key) !== null) return true;
  const verdict = verdictOf(setup, services, check);
  if (verdict === 'valid') services.userCache.put(key, '1', VALID_FOR_SECONDS);
  return verdict !== 'invalid';
}
