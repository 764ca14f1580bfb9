/** Opens a proxy client for the current user's stored credentials, bounded by the configured deadline. */
import { loadCredentials, type ProxyCredentials } from './credentials';
import { ConnectorError } from './errors';
import { keylessCredentials, loadKeylessSetup } from './keylessCredentials';
import type { ConnectorServices } from './ports';
import { ProxyClient } from './proxyClient';
import { parseProxyUrl } from './proxyEndpoint';
import { readSettings } from './settings';

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

/** A client for explicit credentials (used to validate them before they are stored). */
export function clientFor(services: ConnectorServices, credentials: ProxyCredentials, budgetMs: number): ProxyClient {
  return new ProxyClient(services, credentials, parseProxyUrl(credentials.path), services.now() + budgetMs);
}
