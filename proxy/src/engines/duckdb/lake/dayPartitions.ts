/**
 * Day tiles' listing for the local lake (docs/tiles.md#partition-fingerprints): the data files of each partition
 * day of a table folder, with sizes and mtimes. Only the folders of the wanted days are descended (others at the
 * day level are skipped by name), so listing a 90-day range reads about 90 small folders.
 *
 * Synchronous on purpose, as the lake fingerprint is (lake/fingerprint.ts): each awaited readdir or stat is a hop
 * through libuv's thread pool, and a 90-day listing made of ~200 such hops took 10–30 ms of a chart's first
 * answer, against 1–2 ms synchronously (docs/performance.md#day-tiles-first-answer).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PartitionObject } from '../../../port';
import type { DayPartitionLayout } from '../../../port';
import { formatOfFile } from './lakeLayout';

/** Athena (and Hadoop) skip names starting with `_` or `.`; so does the listing. */
function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

/** Which day a partition folder `name=value` pins (or undefined when it is no day level), per layout. */
interface DayPath {
  day?: string;
  calendar: (number | undefined)[];
}

function stepInto(layout: DayPartitionLayout, at: DayPath, key: string, value: string): DayPath | 'skip' {
  const lower = key.toLowerCase();
  if (layout.kind === 'day') return lower === layout.key.toLowerCase() ? { ...at, day: value } : at;
  const level = layout.keys.findIndex((k) => k.toLowerCase() === lower);
  if (level < 0) return at;
  const number = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(number)) return 'skip';
  const calendar = [...at.calendar];
  calendar[level] = number;
  const [y, m, d] = calendar;
  if (y === undefined || m === undefined || d === undefined) return { ...at, calendar };
  const day = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return { day, calendar };
}

/** Lists `dir` (a table folder) by partition day; days without files get an empty list. */
export function listFolderDays(
  dir: string,
  layout: DayPartitionLayout,
  days: readonly string[],
): ReadonlyMap<string, readonly PartitionObject[]> {
  const wanted = new Set(days);
  const listing = new Map<string, PartitionObject[]>(days.map((day) => [day, []]));
  function walk(relative: string, at: DayPath): void {
    const entries = readEntries(path.join(dir, relative));
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        const eq = entry.name.indexOf('=');
        if (eq < 0) continue;
        const next = stepInto(layout, at, entry.name.slice(0, eq), entry.name.slice(eq + 1));
        if (next === 'skip' || (next.day !== undefined && !wanted.has(next.day))) continue;
        if (layout.kind === 'calendar' && !calendarMayMatch(next, wanted)) continue;
        walk(child, next);
      } else if (entry.isFile() && at.day !== undefined && formatOfFile(entry.name)) {
        const stat = fs.statSync(path.join(dir, child), { throwIfNoEntry: false });
        if (stat) listing.get(at.day)!.push({ key: child, bytes: stat.size, version: String(stat.mtimeMs) });
      }
    }
  }
  walk('', { calendar: [] });
  for (const objects of listing.values()) objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return listing;
}

/** A folder's entries; none when it vanished or cannot be read (a listing never throws for one folder). */
function readEntries(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** A `year=` or `year=/month=` folder is only descended when some wanted day lies in it. */
function calendarMayMatch(at: DayPath, wanted: ReadonlySet<string>): boolean {
  const [y, m] = at.calendar;
  if (y === undefined) return true;
  const prefix =
    m === undefined ? `${String(y).padStart(4, '0')}-` : `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-`;
  for (const day of wanted) if (day.startsWith(prefix)) return true;
  return false;
}
