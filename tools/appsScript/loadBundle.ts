/**
 * Runs a BUILT connector bundle the way Apps Script does: one script file evaluated in a fresh V8 context whose
 * only globals are the Apps Script fakes (no require, process, Buffer, URL, TextEncoder, fetch, setTimeout, crypto),
 * then entry points called by name like Looker Studio calls them, with JSON in and JSON out.
 */
import * as fs from 'node:fs';
import * as vm from 'node:vm';
import type { AppsScriptServices } from './appsScriptServices';
import { UserErrorThrown } from './dataStudioApp';

/** The outcome of one entry-point call: its JSON result, or the user error Looker Studio would show. */
export type CallOutcome<T = unknown> =
  { ok: true; value: T } | { ok: false; userError: { text: string; debugText?: string } };

/** A bundle loaded into its own context, called like Looker Studio calls it. */
export interface LoadedConnector {
  /** Whether `name` is a function on the script's global object. */
  hasFunction(name: string): boolean;
  /** Calls an entry point; a user error becomes `{ ok: false }`, anything else is rethrown (a connector bug). */
  call<T = unknown>(name: string, ...args: unknown[]): CallOutcome<T>;
  /** Like `call` but returns the value and throws {@link UserErrorThrown} on a user error. */
  invoke<T = unknown>(name: string, ...args: unknown[]): T;
}

/** Loads `bundlePath` into a new context holding only `services.globals`. */
export function loadBundle(bundlePath: string, services: AppsScriptServices): LoadedConnector {
  const context = vm.createContext({ ...services.globals });
  vm.runInContext(fs.readFileSync(bundlePath, 'utf8'), context, { filename: 'Code.gs' });
  const invoke = <T>(name: string, ...args: unknown[]): T => {
    const fn: unknown = context[name];
    if (typeof fn !== 'function') throw new Error(`The bundle has no global function ${name}`);
    const jsonArgs = args.map((a) => (a === undefined ? undefined : JSON.parse(JSON.stringify(a))));
    const result: unknown = fn(...jsonArgs);
    return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as T;
  };
  return {
    hasFunction(name) {
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`Not an identifier: ${name}`);
      // Evaluated as a script expression, so it sees top-level declarations exactly as Apps Script resolves names.
      return vm.runInContext(`typeof ${name} === 'function'`, context) === true;
    },
    invoke,
    call<T>(name: string, ...args: unknown[]): CallOutcome<T> {
      try {
        return { ok: true, value: invoke<T>(name, ...args) };
      } catch (err) {
        if (err instanceof UserErrorThrown) {
          return {
            ok: false,
            userError: { text: err.text, ...(err.debugText !== undefined ? { debugText: err.debugText } : {}) },
          };
        }
        throw err;
      }
    },
  };
}
