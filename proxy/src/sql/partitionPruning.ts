/**
 * Partition pruning derived from the date range (docs/architecture.md#design-decisions, decision 7;
 * docs/reference-athena.md#partition-pruning-and-projection): when the date-range column is not itself the partition,
 * the partitions that can hold the range are still known, and restricting them is what keeps Athena from scanning the
 * whole table.
 *
 * The partition window is one day wider on each side than the range. Partitions are written by arrival date in
 * UTC (`dt=YYYY-MM-DD`), while the range is in the report time zone (up to ±14 h away) and events arrive late or
 * early by a few hours; one day of slack keeps those rows. Events arriving more than a day late are outside it.
 */
import { formatIsoDate } from '../time';
import type { ResolvedColumn } from '../fields';
import type { DayWindow } from './dateRange';
import { dateLiteral, quoteIdentifier, quoteString, type Predicate } from './sqlText';
import type { DayPartitionLayout } from '../port';

const SLACK_DAYS = 1;

/** Predicates restricting `dt`-style and `year`/`month`/`day` partitions to the window (plus slack). */
export function compilePartitionPruning(
  columns: Iterable<ResolvedColumn>,
  dateColumn: ResolvedColumn,
  window: DayWindow,
): Predicate[] {
  const first = formatIsoDate(window.firstDay - SLACK_DAYS);
  const last = formatIsoDate(window.lastDay + SLACK_DAYS);
  const partitions = [...columns].filter((column) => column.info.partitionKey && column !== dateColumn);
  const predicates = partitions.filter(isDayPartition).map((column) => {
    const name = quoteIdentifier(column.info.name);
    return column.columnClass === 'date'
      ? { sql: `${name} BETWEEN ${dateLiteral(first)} AND ${dateLiteral(last)}` }
      : { sql: `${name} BETWEEN ${quoteString(first)} AND ${quoteString(last)}` };
  });
  const calendarParts = findCalendarParts(partitions);
  if (calendarParts.length > 0) predicates.push(compileCalendarParts(calendarParts, first, last));
  return predicates;
}

/** A partition holding whole days: `YYYY-MM-DD` strings, or a date-typed `dt`. */
function isDayPartition(column: ResolvedColumn): boolean {
  if (column.columnClass === 'dateText') return true;
  return column.columnClass === 'date' && column.info.name.toLowerCase() === 'dt';
}

const CALENDAR_PARTS = [
  { name: 'year', width: 4 },
  { name: 'month', width: 2 },
  { name: 'day', width: 2 },
] as const;

interface CalendarPart {
  column: ResolvedColumn;
  width: number;
}

/** `year`, `year/month` or `year/month/day` partitions (integer or string typed), in that order. */
function findCalendarParts(partitions: ResolvedColumn[]): CalendarPart[] {
  const parts: CalendarPart[] = [];
  for (const { name, width } of CALENDAR_PARTS) {
    const column = partitions.find((candidate) => candidate.info.name.toLowerCase() === name);
    const usable = column && (column.type.kind === 'integer' || column.columnClass === 'text');
    if (!usable) break;
    parts.push({ column, width });
  }
  return parts;
}

/**
 * Compares `YYYY[-MM[-DD]]` built from the parts with the window's bounds cut to the same length. Zero padding
 * with lpad makes `2024/3/9`, `2024/03/09` and integer partitions compare correctly as text.
 */
function compileCalendarParts(parts: CalendarPart[], first: string, last: string): Predicate {
  const padded = parts.map(({ column, width }) => {
    const name = quoteIdentifier(column.info.name);
    const text = column.type.kind === 'integer' ? `CAST(${name} AS varchar)` : name;
    return `lpad(${text}, ${width}, '0')`;
  });
  const key = padded.length === 1 ? padded[0] : `concat(${padded.join(", '-', ")})`;
  const length = [4, 7, 10][parts.length - 1];
  return { sql: `${key} BETWEEN ${quoteString(first.slice(0, length))} AND ${quoteString(last.slice(0, length))}` };
}

export type { DayPartitionLayout };

/** The partition days a query over `window` reads, and the layout they are found in; undefined when none is day-resolvable. */
export function partitionDaysRead(
  columns: Iterable<ResolvedColumn>,
  dateColumn: ResolvedColumn,
  window: DayWindow,
): { layout: DayPartitionLayout; window: DayWindow } | undefined {
  const all = [...columns];
  if (dateColumn.info.partitionKey && (isDayPartition(dateColumn) || dateColumn.columnClass === 'date')) {
    return { layout: { kind: 'day', key: dateColumn.info.name }, window };
  }
  const partitions = all.filter((column) => column.info.partitionKey && column !== dateColumn);
  const widened = { firstDay: window.firstDay - SLACK_DAYS, lastDay: window.lastDay + SLACK_DAYS };
  const day = partitions.find(isDayPartition);
  if (day) return { layout: { kind: 'day', key: day.info.name }, window: widened };
  const parts = findCalendarParts(partitions);
  if (parts.length < 3) return undefined;
  const keys = parts.map((part) => part.column.info.name) as [string, string, string];
  return { layout: { kind: 'calendar', keys }, window: widened };
}
