/**
 * The double's model of Athena's partition pruning (testing/athenaDouble/scanModel.ts): only conditions every row
 * must meet restrict the partitions read; a `"dt"` test inside a NOT or beside another column under an OR (a
 * report filter) neither widens nor narrows them.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dayTestOf, modelScanBytes, splitTopLevel } from '../../../testing/athenaDouble/scanModel';

const DAYS = ['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02', '2024-03-05'];
const between = (a: string, b: string) => `"dt" BETWEEN '${a}' AND '${b}'`;

function daysAllowed(condition: string): string[] | 'all' {
  const test = dayTestOf(condition);
  return test ? DAYS.filter(test) : 'all';
}

describe('Athena double scan model', () => {
  it('splits at top-level separators only, keeping BETWEEN … AND and quoted text whole', () => {
    expect(splitTopLevel(`${between('a', 'b')} AND "c" = ' AND ' AND ("x" OR "y")`, ' AND ', true)).toEqual([
      between('a', 'b'),
      `"c" = ' AND '`,
      '("x" OR "y")',
    ]);
  });

  it('restricts to a top-level range, intersected with other top-level ranges', () => {
    expect(daysAllowed(between('2024-02-28', '2024-03-01'))).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysAllowed(`"city" = 'Berlin' AND ${between('2024-02-28', '2024-03-01')} AND "x" > 1`)).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(daysAllowed(`${between('2024-02-28', '2024-03-01')} AND ${between('2024-02-29', '2024-03-05')}`)).toEqual([
      '2024-02-29',
      '2024-03-01',
    ]);
  });

  it('ignores "dt" tests under NOT or beside another column in an OR (they restrict no partition)', () => {
    const range = between('2024-02-28', '2024-02-29');
    expect(daysAllowed(`${range} AND NOT coalesce(${between('2024-03-01', '2024-03-05')}, false)`)).toEqual([
      '2024-02-28',
      '2024-02-29',
    ]);
    expect(daysAllowed(`${range} AND ("code" = 'x' OR ${between('2024-03-01', '2024-03-05')})`)).toEqual([
      '2024-02-28',
      '2024-02-29',
    ]);
    expect(daysAllowed(`"code" = 'x' OR ${range}`)).toBe('all');
    expect(daysAllowed(`NOT coalesce(${range}, false)`)).toBe('all');
  });

  it('unions the windows of an OR whose every group holds a range, parenthesised or not', () => {
    const windows = `${between('2024-02-27', '2024-02-27')} AND "t" >= 1 OR ${between('2024-03-02', '2024-03-05')}`;
    const expected = ['2024-02-27', '2024-03-02', '2024-03-05'];
    expect(daysAllowed(windows)).toEqual(expected);
    expect(daysAllowed(`"city" = 'Berlin' AND (${windows})`)).toEqual(expected);
  });

  it('sums the bytes of the allowed partitions of the named table', async () => {
    const lake = mkdtempSync(path.join(os.tmpdir(), 'scan-model-'));
    try {
      for (const [i, day] of DAYS.entries()) {
        mkdirSync(path.join(lake, 'events', `dt=${day}`), { recursive: true });
        writeFileSync(path.join(lake, 'events', `dt=${day}`, 'a.json'), 'x'.repeat(10 ** i));
      }
      const sql = (where: string) => `SELECT count(*) FROM "lake"."events" WHERE ${where} GROUP BY 1 LIMIT 5`;
      expect(await modelScanBytes(lake, sql(between('2024-02-28', '2024-02-29')))).toBe(110);
      expect(await modelScanBytes(lake, sql(`"code" = 'x' OR ${between('2024-02-28', '2024-02-29')}`))).toBe(111111);
      expect(await modelScanBytes(lake, 'SELECT 1')).toBeUndefined();
    } finally {
      rmSync(lake, { recursive: true, force: true });
    }
  });
});
