/**
 * The rows of a missing-days query (docs/tiles.md#how-an-answer-is-built): the windows it covers, read in chunks,
 * split by day.
 */
import type { Engine, PartitionObject } from '../port';
import type { DayWindow } from '../sql';
import { parseIsoDate, parseLookerDate } from '../time';
import type { TextRow } from './mergeTiles';

/** Rows read per call: engines bound one read's heap (the DuckDB engine refuses reads over 16 MB of text). */
const READ_CHUNK_ROWS = 10_000;

/** Reads up to `most` rows of a finished query, in chunks; `totalRows` is the engine's full count. */
export async function readAll(
  engine: Engine,
  queryId: string,
  most: number,
): Promise<{ rows: TextRow[]; totalRows: number }> {
  const first = await engine.readResults(queryId, 0, Math.min(most, READ_CHUNK_ROWS));
  const rows = [...first.rows];
  const end = Math.min(most, first.totalRows);
  while (rows.length < end) {
    const next = await engine.readResults(queryId, rows.length, Math.min(READ_CHUNK_ROWS, end - rows.length));
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  return { rows, totalRows: first.totalRows };
}

/** Sorted day numbers → the fewest inclusive windows covering exactly them. */
export function toWindows(days: number[]): DayWindow[] {
  const windows: DayWindow[] = [];
  for (const day of [...days].sort((a, b) => a - b)) {
    const last = windows[windows.length - 1];
    if (last && last.lastDay + 1 === day) last.lastDay = day;
    else windows.push({ firstDay: day, lastDay: day });
  }
  return windows;
}

/**
 * Rows of the tile query by day (its day column is `dayIndex`); the day column is dropped when it is not one of
 * the request's own columns (`width` of them). Undefined when a row's day does not parse.
 */
export function splitByDay(rows: TextRow[], dayIndex: number, width: number): Map<number, TextRow[]> | undefined {
  const byDay = new Map<number, TextRow[]>();
  // A range has a few distinct day texts across thousands of rows: each is parsed once.
  const dayOfText = new Map<string, number>();
  for (const row of rows) {
    const text = row[dayIndex];
    if (text === null) return undefined;
    let day = dayOfText.get(text);
    if (day === undefined) {
      day = parseLookerDate(text) ?? parseIsoDate(text);
      if (day === undefined) return undefined;
      dayOfText.set(text, day);
    }
    const kept = dayIndex >= width ? row.slice(0, width) : row;
    const list = byDay.get(day);
    if (list) list.push(kept);
    else byDay.set(day, [kept]);
  }
  return byDay;
}

/** The listed bytes of `days` (every listed day when absent): the bound on what a query of them reads. */
export function listedBytes(
  listing: ReadonlyMap<string, readonly PartitionObject[]>,
  days: Iterable<string> = listing.keys(),
): number {
  let bytes = 0;
  for (const day of days) for (const object of listing.get(day) ?? []) bytes += object.bytes;
  return bytes;
}
