/**
 * The large-result part of the engine contract: 120,000 rows (more than a hundred GetQueryResults pages, so Athena
 * serves them from the result CSV in S3) read back in chunks and checked row by row against the generator's formula,
 * never holding the whole result in memory.
 */
import type { Engine } from '../../proxy/src/port/engine';
import { BIG_ROWS, CONTRACT_DATABASE as DB } from './contractLake';
import { runToEnd } from './runQuery';

export const BIG_SQL = `SELECT "id", "label", "value", "dt" FROM "${DB}"."big" ORDER BY "id"`;
export const CHUNK_ROWS = 30_000;

/** Row `i` of the big table as Athena prints it (doubles as Java does: `1.0`, `0.125`). */
export function expectedBigRow(i: number): (string | null)[] {
  const labels = [null, '', `q"uote, ${i}`, `line\n${i}`, `ü ${i}`];
  const value = (i % 1000) / 8;
  return [String(i), labels[i % 5], Number.isInteger(value) ? `${value}.0` : String(value), `2024-02-0${1 + (i % 3)}`];
}

export function describeLargeResultContract(engine: () => Engine): void {
  it(`reads a ${BIG_ROWS.toLocaleString('en')}-row result in chunks, every row intact`, async () => {
    const { queryId, slice: first } = await runToEnd(engine(), BIG_SQL, 0, CHUNK_ROWS);
    expect(first.totalRows).toBe(BIG_ROWS);
    let checked = 0;
    for (let offset = 0; offset < BIG_ROWS; offset += CHUNK_ROWS) {
      const slice = offset === 0 ? first : await engine().readResults(queryId, offset, CHUNK_ROWS);
      expect(slice.totalRows).toBe(BIG_ROWS);
      slice.rows.forEach((row, k) => {
        // One toEqual per mismatch would flood the output; compare cheaply, then report the first difference.
        if (JSON.stringify(row) !== JSON.stringify(expectedBigRow(offset + k)))
          expect(row).toEqual(expectedBigRow(offset + k));
      });
      checked += slice.rows.length;
    }
    expect(checked).toBe(BIG_ROWS);
  });
}
