/**
 * Builds the connector's ports from the Apps Script globals. Called inside each entry point, never at module load:
 * top-level code runs on every execution and must not need authorization
 * (docs/reference-looker-studio.md#bundling-for-apps-script).
 */
import type { CachePort, ConnectorServices, KeyValueStore, LookerConnector } from '../ports';
import { createUrlFetchHttp } from './urlFetchHttp';
import { createUtilitiesCrypto } from './utilitiesCrypto';

/** All services of the current execution. */
export function createGasServices(): ConnectorServices {
  return {
    // The published typings lack AuthType.PATH_USER_PASS (docs/reference-looker-studio.md#auth-types), hence the
    // narrower port type.
    looker: DataStudioApp.createCommunityConnector() as unknown as LookerConnector,
    http: createUrlFetchHttp(UrlFetchApp),
    userProperties: toStore(PropertiesService.getUserProperties()),
    scriptProperties: toStore(PropertiesService.getScriptProperties()),
    userCache: toCache(CacheService.getUserCache()),
    crypto: createUtilitiesCrypto(Utilities),
    now: () => Date.now(),
    sleep: (ms) => Utilities.sleep(ms),
    sessionEmail: () => Session.getEffectiveUser().getEmail(),
    identityToken: () => ScriptApp.getIdentityToken(),
    log: (message) => console.log(message),
  };
}

function toStore(properties: GoogleAppsScript.Properties.Properties): KeyValueStore {
  return {
    get: (key) => properties.getProperty(key),
    set: (key, value) => void properties.setProperty(key, value),
    remove: (key) => void properties.deleteProperty(key),
  };
}

/** A missing user cache (possible per the typings) degrades to "nothing cached". */
function toCache(cache: GoogleAppsScript.Cache.Cache | null): CachePort {
  return {
    get: (key) => cache?.get(key) ?? null,
    put: (key, value, ttlSeconds) => cache?.put(key, value, ttlSeconds),
    remove: (key) => cache?.remove(key),
  };
}
