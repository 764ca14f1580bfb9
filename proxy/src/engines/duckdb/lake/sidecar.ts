/**
 * The local stand-in for Glue column comments and table parameters (docs/fields.md#hints): an optional
 * `_looker.json` in a table folder. Athena and the local lake skip `_`-prefixed files, so it is never read as data.
 *
 *   { "comments": { "pickup_lat": "Pickup latitude [LATITUDE]" },
 *     "parameters": { "looker.semantics": "fare -> CURRENCY_EUR", "looker.currency": "EUR" } }
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const SIDECAR_FILE = '_looker.json';

/** Comments by lower-case column name, and table parameters (only `looker.*` ones are taken). */
export interface TableSidecar {
  comments: Record<string, string>;
  parameters: Record<string, string>;
}

const EMPTY: TableSidecar = { comments: {}, parameters: {} };

/** Reads `<dir>/_looker.json`; absent means no hints, a malformed file is reported as `problem` and ignored. */
export async function readSidecar(dir: string): Promise<{ sidecar: TableSidecar; problem?: string }> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, SIDECAR_FILE), 'utf8');
  } catch {
    return { sidecar: EMPTY };
  }
  try {
    const json = JSON.parse(text) as { comments?: unknown; parameters?: unknown };
    return {
      sidecar: {
        comments: Object.fromEntries(strings(json.comments).map(([key, value]) => [key.toLowerCase(), value])),
        parameters: Object.fromEntries(strings(json.parameters).filter(([key]) => key.startsWith('looker.'))),
      },
    };
  } catch (err) {
    return {
      sidecar: EMPTY,
      problem: `${SIDECAR_FILE} is not valid JSON (${(err as Error).message}); its hints are ignored`,
    };
  }
}

function strings(value: unknown): [string, string][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
}
