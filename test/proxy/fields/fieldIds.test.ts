/**
 * Reports store field ids: every id of the golden list (fieldIds.golden.json) must still resolve, with the
 * same role, derivation and column. New fields only add ids.
 */
import golden from './fieldIds.golden.json';
import { sampleFieldIdMeanings, type FieldIdMeanings } from './sampleFieldIds';

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
          if (now !== meaning) lost.push(`${table} ${mode} ${id}: was ${meaning}, now ${now ?? 'missing'}`);
        }
      }
    }
    expect(lost).toEqual([]);
    expect(Object.keys(golden).length).toBeGreaterThanOrEqual(6);
  });
});
