/**
 * Apps Script worlds for the fault tests: the BUILT connector bundle in the harness, signed in to a proxy URL, with
 * a VIRTUAL clock. The harness's virtual sleep only records how long the connector asked to wait; here each sleep
 * also moves the bundle's `Date.now()` forward by that much, so backoff and the query deadline play out exactly as
 * they would over minutes of real time while the test takes milliseconds. Signatures use the virtual time too; the
 * skew stays far below the proxy's 5-minute SigV4 window.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildConnector } from '../../tools/build/buildConnector';
import { createAppsScriptServices, type AppsScriptServices } from '../../tools/appsScript/appsScriptServices';
import { loadBundle, type CallOutcome, type LoadedConnector } from '../../tools/appsScript/loadBundle';

/** The key pair the Athena-backed proxy accepts (never a real AWS key); the stub ignores signatures. */
export const FAULT_CREDENTIALS = {
  accessKeyId: 'AKIDFAULTTEST0000001',
  secretAccessKey: 'fault/Secret+Key/DoNotLog0123456789',
};

/** A built bundle in a temporary folder. */
export interface BuiltBundle {
  bundlePath: string;
  remove(): void;
}

/** Builds the connector exactly as `npm run build:connector` does, into a temporary folder. */
export async function buildBundle(): Promise<BuiltBundle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-bundle-'));
  const { bundlePath } = await buildConnector(dir);
  return { bundlePath, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Per-world settings. */
export interface FaultWorldOptions {
  /** Script property QUERY_DEADLINE_SECONDS (connector/src/config/scriptProperties.ts; 10–330). */
  deadlineSeconds?: number;
  /** The harness UrlFetchApp's per-request timeout. */
  fetchTimeoutMs?: number;
}

/** One signed-in user world. */
export interface FaultWorld {
  connector: LoadedConnector;
  services: AppsScriptServices;
  /** Virtual milliseconds the connector has slept so far. */
  sleptMs(): number;
}

/** Loads the bundle into a fresh world with a virtual clock and signs in to `proxyUrl` (setCredentials). */
export function openWorld(bundlePath: string, proxyUrl: string, options: FaultWorldOptions = {}): FaultWorld {
  const services = createAppsScriptServices({ sleep: 'virtual', fetchTimeoutMs: options.fetchTimeoutMs });
  if (options.deadlineSeconds !== undefined) {
    services.scriptProperties.setProperty('QUERY_DEADLINE_SECONDS', String(options.deadlineSeconds));
  }
  let offset = 0;
  const utilities = services.globals.Utilities as { sleep(ms: number): void };
  const recordSleep = utilities.sleep.bind(utilities);
  services.globals.Utilities = {
    ...utilities,
    sleep: (ms: number) => {
      recordSleep(ms);
      offset += ms;
    },
  };
  // The connector reads time only through Date.now() (connector/src/gas/services.ts).
  services.globals.Date = class VirtualDate extends Date {
    static now(): number {
      return Date.now() + offset;
    }
  };
  const connector = loadBundle(bundlePath, services);
  const answer = connector.invoke<{ errorCode: string }>('setCredentials', {
    pathUserPass: {
      path: proxyUrl,
      username: FAULT_CREDENTIALS.accessKeyId,
      password: FAULT_CREDENTIALS.secretAccessKey,
    },
  });
  if (answer.errorCode !== 'NONE') throw new Error(`sign-in failed: ${JSON.stringify(answer)}`);
  // Sign-in traffic is not part of what the tests count.
  services.fetches.length = 0;
  services.sleeps.length = 0;
  offset = 0;
  return { connector, services, sleptMs: () => offset };
}

/** The user error of a failed call; fails the test (showing what came back instead) when the call succeeded. */
export function userErrorOf(outcome: CallOutcome): { text: string; debugText?: string } {
  if (outcome.ok) throw new Error(`expected a user error, got data: ${JSON.stringify(outcome.value).slice(0, 300)}`);
  return outcome.userError;
}

/** Texts that would mean a stack trace or an internal exception leaked into what the user reads. */
export const LEAK = /\bat \S+ \(|\.ts:\d+|TypeError|ReferenceError|Exception:|undefined|\[object Object\]/;
