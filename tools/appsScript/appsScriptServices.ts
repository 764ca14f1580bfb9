/**
 * One Apps Script "world" for a user: the globals a connector bundle may use (DataStudioApp, UrlFetchApp,
 * Utilities, PropertiesService, CacheService, Session, Logger, console) plus handles tests use to inspect it —
 * persisted properties, cache entries, every log line (to prove no secret is logged), fetches and sleeps.
 */
import { createDataStudioApp } from './dataStudioApp';
import { FakeCache, FakeProperties } from './stores';
import { startSyncHttp, type SyncHttp } from './syncHttp';
import { createUrlFetchApp, type FetchRecord } from './urlFetchApp';
import { createUtilities, type SleepMode } from './utilities';

/** How to set up one Apps Script world. */
export interface AppsScriptOptions {
  /** Session.getEffectiveUser().getEmail(); default `analyst@example.com`. */
  userEmail?: string;
  /** Share one script-property store between several users' worlds; default a fresh one. */
  scriptProperties?: FakeProperties;
  sleep?: SleepMode;
  /** Per-request UrlFetchApp timeout; Apps Script's is about 60 s. */
  fetchTimeoutMs?: number;
  /** ScriptApp.getIdentityToken(); default throws as without the `openid` scope. */
  identityToken?: () => string;
  /** Origin → local base URL, e.g. the STS host → the local proxy (UrlFetchApp sends there instead). */
  hostMap?: Record<string, string>;
}

/** The fakes plus their observable state. */
export interface AppsScriptServices {
  globals: Record<string, unknown>;
  userProperties: FakeProperties;
  scriptProperties: FakeProperties;
  userCache: FakeCache;
  scriptCache: FakeCache;
  /** Every Logger/console line, already formatted. */
  logs: string[];
  fetches: FetchRecord[];
  sleeps: number[];
  /** Stops the HTTP worker. */
  close(): Promise<void>;
}

/** Creates a fresh set of Apps Script services backed by real HTTP. */
export function createAppsScriptServices(options: AppsScriptOptions = {}): AppsScriptServices {
  const http: SyncHttp = startSyncHttp();
  const userProperties = new FakeProperties();
  const scriptProperties = options.scriptProperties ?? new FakeProperties();
  const userCache = new FakeCache();
  const scriptCache = new FakeCache();
  const logs: string[] = [];
  const fetches: FetchRecord[] = [];
  const sleeps: number[] = [];
  const email = options.userEmail ?? 'analyst@example.com';
  const globals = {
    DataStudioApp: createDataStudioApp(),
    UrlFetchApp: createUrlFetchApp(http, fetches, options.fetchTimeoutMs, options.hostMap),
    ScriptApp: { getIdentityToken: options.identityToken ?? refuseIdentityToken },
    Utilities: createUtilities(sleeps, options.sleep),
    PropertiesService: {
      getUserProperties: () => userProperties,
      getScriptProperties: () => scriptProperties,
      getDocumentProperties: () => null,
    },
    CacheService: {
      getUserCache: () => userCache,
      getScriptCache: () => scriptCache,
      getDocumentCache: () => null,
    },
    Session: sessionFor(email),
    ...loggingGlobals(logs),
  };
  return {
    globals,
    userProperties,
    scriptProperties,
    userCache,
    scriptCache,
    logs,
    fetches,
    sleeps,
    close: () => http.close(),
  };
}

/** Without the `openid` scope; the wording is not documented, but Apps Script refuses such calls with an exception. */
function refuseIdentityToken(): never {
  throw new Error(
    'Exception: You do not have permission to call ScriptApp.getIdentityToken. Required permissions: openid',
  );
}

function sessionFor(email: string) {
  return {
    getEffectiveUser: () => ({ getEmail: () => email }),
    getActiveUser: () => ({ getEmail: () => email }),
    getTemporaryActiveUserKey: () => `key-${email}`,
    getScriptTimeZone: () => 'Etc/UTC',
  };
}

/** Logger and console, each line formatted and appended to `logs`. */
function loggingGlobals(logs: string[]) {
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      logs.push(`${level} ${args.map(formatLogArgument).join(' ')}`);
    };
  return {
    Logger: { log: record('Logger') },
    console: { log: record('log'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}

function formatLogArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
