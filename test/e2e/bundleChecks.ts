/**
 * Static checks of the built Apps Script file (docs/reference-looker-studio.md#conformance-checks, check 1): it must be
 * a plain script and must not reference globals Apps Script lacks. Free identifiers are found with esbuild's own scope
 * analysis: `define` rewrites only unbound global references — never property names or local bindings of the same name.
 */
import { transformSync } from 'esbuild';

/**
 * Globals unavailable in Apps Script V8 (docs/reference-looker-studio.md#apps-script-v8-runtime), plus CommonJS's
 * require.
 */
export const FORBIDDEN_GLOBALS = [
  'setTimeout',
  'setInterval',
  'fetch',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'crypto',
  'Buffer',
  'process',
  'atob',
  'btoa',
  'require',
  'module',
  'window',
] as const;

/** The forbidden globals the code references, each once, in list order. */
export function findForbiddenGlobals(code: string): string[] {
  const define = Object.fromEntries(FORBIDDEN_GLOBALS.map((name) => [name, `__FORBIDDEN_${name}__`]));
  const rewritten = transformSync(code, { define, loader: 'js' }).code;
  return FORBIDDEN_GLOBALS.filter((name) => rewritten.includes(`__FORBIDDEN_${name}__`));
}

/** Whether the code contains module syntax or dynamic import (Apps Script files are classic scripts). */
export function hasModuleSyntax(code: string): boolean {
  const { code: stripped } = transformSync(code, { loader: 'js', minifyWhitespace: true, legalComments: 'none' });
  return /(^|[;}\s])(import|export)[\s{*]/.test(stripped) || /\bimport\s*\(/.test(stripped);
}
