/** Opens a proxy client for the current user's stored credentials, bounded by the configured deadline. */
import { loadCredentials } from './auth';
import { ConnectorError } from './errors';
import { keylessCredentials, loadKeylessSetup } from './auth';
import type { ConnectorServices } from './ports';
import { clientFor, type ProxyClient } from './client';
import { readSettings } from './config';

/** Starts the clock of this execution: the deadline counts from now. */
export function openProxyClient(services: ConnectorServices): ProxyClient {
  const keyless = loadKeylessSetup(services.userProperties);
  const credentials = keyless ? keylessCredentials(keyless, services) : loadCredentials(services.userProperties);
  if (!credentials) {
    throw new ConnectorError(
      'No query proxy credentials are set. Reconnect the data source (Edit connection → Reconnect).',
    );
  }
  return clientFor(services, credentials, readSettings(services.scriptProperties).deadlineMs);
}
