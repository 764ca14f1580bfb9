/**
 * The field ids the sample lake's tables yield, each with what it means (role, derivation, source column), for
 * both schemas (pushdown and raw rows). Reports store field ids, so every id of the golden list fieldIds.golden.json
 * must stay among what the current code emits.
 *
 * Regenerate ONLY to add ids, never to drop or change one: `npx tsx test/proxy/fields/sampleFieldIds.ts > file`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveFieldCatalog } from '../../../proxy/src/fields/fieldCatalog';
import { createDuckDbEngine } from '../../../proxy/src/engines/duckdb';
import { generateSampleLake } from '../../../tools/sampleLake/sampleData';

/** table → mode → field id → "role:derivation:column" (column empty for the record count). */
export type FieldIdMeanings = Record<string, Record<'aggregate' | 'raw', Record<string, string>>>;

/** The meanings the current code gives the sample tables' field ids. */
export async function sampleFieldIdMeanings(): Promise<FieldIdMeanings> {
  const lake = await fs.mkdtemp(path.join(os.tmpdir(), 'field-ids-'));
  try {
    await generateSampleLake({ out: lake, rows: 600, days: 3 });
    const engine = await createDuckDbEngine({ lakeDir: lake, threads: 1 });
    try {
      const result: FieldIdMeanings = {};
      for (const table of (await engine.listTables('lake')).sort()) {
        const description = await engine.describeTable('lake', table);
        const meanings = (aggregate: boolean) =>
          Object.fromEntries(
            [...resolveFieldCatalog(description, aggregate).bindings.values()].map((b) => [
              b.id,
              `${b.role}:${b.derivation}:${b.column?.info.name ?? ''}`,
            ]),
          );
        result[table] = { aggregate: meanings(true), raw: meanings(false) };
      }
      return result;
    } finally {
      await engine.close();
    }
  } finally {
    await fs.rm(lake, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void sampleFieldIdMeanings().then((meanings) => process.stdout.write(`${JSON.stringify(meanings, null, 2)}\n`));
}
