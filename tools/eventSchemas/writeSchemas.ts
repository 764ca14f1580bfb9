/**
 * `npm run events:schemas`: writes one JSON Schema (2020-12) per declared event type into events/json-schemas/,
 * the folder the events package ships, so producers in other languages validate against the same declarations.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { folderOf } from '../../events/src/schema';
import { toJsonSchema } from '../../events/src/jsonSchema';

export const JSON_SCHEMA_DIR = path.join(__dirname, '..', '..', 'events', 'json-schemas');

/** File name → text of every schema file, as the declarations give them (stable key order, trailing newline). */
export function renderedSchemas(): Map<string, string> {
  return new Map(
    EVENT_SCHEMAS.map((schema) => [
      `${folderOf(schema)}.schema.json`,
      `${JSON.stringify(toJsonSchema(schema), null, 2)}\n`,
    ]),
  );
}

/** Writes the files and removes schema files no declaration gives any more; returns the names that changed. */
export function writeSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const wanted = renderedSchemas();
  const changed: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.schema.json') && !wanted.has(n))) {
    rmSync(path.join(dir, name));
    changed.push(name);
  }
  for (const [name, text] of wanted) {
    const file = path.join(dir, name);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    writeFileSync(file, text);
    changed.push(name);
  }
  return changed;
}

const HELP = `Usage: npm run events:schemas [-- --out DIR]

Writes one JSON Schema (draft 2020-12) per event type declared in events/schemas, named <type>-<version>.schema.json,
and removes schema files of types no longer declared; prints what changed.
  --out DIR  where to write (default events/json-schemas, the folder the events package ships)
  --help     show this text
`;

function main(args: string[]): number {
  if (args.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const outAt = args.indexOf('--out');
  const unknown = args.filter((a, i) => a !== '--out' && !(outAt >= 0 && i === outAt + 1));
  if (unknown.length > 0 || (outAt >= 0 && !args[outAt + 1])) {
    console.error(`Unknown or incomplete arguments: ${args.join(' ')} (see --help)`);
    return 2;
  }
  const dir = outAt >= 0 ? path.resolve(args[outAt + 1]) : JSON_SCHEMA_DIR;
  const changed = writeSchemas(dir);
  const where = path.relative(process.cwd(), dir) || '.';
  console.log(changed.length ? `${where}: wrote ${changed.join(', ')}` : `${where}: JSON Schemas already up to date`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
