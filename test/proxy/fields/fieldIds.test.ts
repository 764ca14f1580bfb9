/**
 * Reports store field ids: every id of the golden list (fieldIds.golden.json) must still resolve, with the
 * same role, derivation and column — or with the changed meaning fieldIds.changed.json records and
 * docs/fields.md#changed-meanings tells report owners about. New fields only add ids.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import golden from './fieldIds.golden.json';
import changed from './fieldIds.changed.json';
import { sampleFieldIdMeanings, type FieldIdMeanings } from './sampleFieldIds';

const CHANGED: Record<string, { was: string; now: string } | undefined> = changed;

describe('field ids of the sample tables', () => {
  let current: FieldIdMeanings;
  beforeAll(async () => {
    current = await sampleFieldIdMeanings();
  }, 60_000);

  it('still emits every golden id with the same meaning', () => {
    const lost: string[] = [];
    for (const [table, modes] of Object.entries(golden as FieldIdMeanings)) {
      for (const [mode, ids] of Object.entries(modes) as ['aggregate' | 'raw', Record<string, string>][]) {
        for (const [id, meaning] of Object.entries(ids)) {
          const now = current[table]?.[mode]?.[id];
          const change = CHANGED[`${table} ${mode} ${id}`];
          const expected = change?.was === meaning ? change.now : meaning;
          if (now !== expected) lost.push(`${table} ${mode} ${id}: was ${meaning}, now ${now ?? 'missing'}`);
        }
      }
    }
    expect(lost).toEqual([]);
    expect(Object.keys(golden).length).toBeGreaterThanOrEqual(6);
  });

  it('lists every changed meaning in docs/fields.md', () => {
    const doc = readFileSync(path.join(__dirname, '../../../docs/fields.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### Changed meanings'));
    const missing = Object.entries(CHANGED)
      .map(([where, change]) => ({ id: where.split(' ')[2], table: where.split(' ')[0], now: change!.now }))
      .filter(({ id, table }) => !section.includes(`\`${table}\``) || !section.includes(`\`${id}\``));
    expect(missing).toEqual([]);
    expect(Object.keys(CHANGED).length).toBeGreaterThan(0);
  });
});
