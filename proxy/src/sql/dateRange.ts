/**
 * The data source's date range (docs/reference-looker-studio.md#getdata-request, conformance check 10): `YYYY-MM-DD`
 * days, both ends inclusive, interpreted in the report time zone.
 */
import type { QuerySpec } from '../../../protocol/contract';
import { InvalidRequestError } from '../errors';
import { formatIsoDate, formatIsoDateTime, MAX_YEAR, MIN_YEAR, parseIsoDate, startOfDay } from '../time';
import type { ResolvedColumn } from '../fields';
import { dateLiteral, instantLiteral, quoteIdentifier, quoteString, type Predicate } from './sqlText';
import { firstInstantAtOrAfter } from '../time';

/** Inclusive range of day numbers (days since 1970-01-01). */
export interface DayWindow {
  firstDay: number;
  lastDay: number;
}

/** Validates the request's date range; throws InvalidRequestError naming the problem. */
export function parseDateRange(range: NonNullable<QuerySpec['dateRange']>): DayWindow {
  const firstDay = parseBound('startDate', range.startDate);
  const lastDay = parseBound('endDate', range.endDate);
  if (firstDay > lastDay) {
    throw new InvalidRequestError(
      `The date range is reversed: startDate ${range.startDate} is after endDate ${range.endDate}.`,
      { dateRange: range },
    );
  }
  return { firstDay, lastDay };
}

/**
 * Restricts `column` to the window. A naive timestamp is taken as UTC instants, so the window's bounds are the
 * instants of local midnight in `zone` (DST-correct: a spring-forward day is 23 hours long); the upper bound is
 * exclusive midnight after the last day.
 */
export function compileDateRange(column: ResolvedColumn, window: DayWindow, zone: string): Predicate[] {
  const name = quoteIdentifier(column.info.name);
  const first = formatIsoDate(window.firstDay);
  const last = formatIsoDate(window.lastDay);
  switch (column.columnClass) {
    case 'date':
      return [{ sql: `${name} BETWEEN ${dateLiteral(first)} AND ${dateLiteral(last)}` }];
    case 'dateText':
      return [{ sql: `${name} BETWEEN ${quoteString(first)} AND ${quoteString(last)}` }];
    default: {
      const withTimeZone = column.columnClass === 'timestampTz';
      const start = firstInstantAtOrAfter(zone, startOfDay(window.firstDay));
      const end = firstInstantAtOrAfter(zone, startOfDay(window.lastDay + 1));
      return [
        { sql: `${name} >= ${instantLiteral(formatIsoDateTime(start), withTimeZone)}` },
        { sql: `${name} < ${instantLiteral(formatIsoDateTime(end), withTimeZone)}` },
      ];
    }
  }
}

function parseBound(name: 'startDate' | 'endDate', text: string): number {
  const day = parseIsoDate(text);
  if (day === undefined) {
    const allowed = `YYYY-MM-DD between ${MIN_YEAR}-01-01 and ${MAX_YEAR}-12-31`;
    throw new InvalidRequestError(`dateRange.${name} "${text}" is not a valid date: use ${allowed}.`, { [name]: text });
  }
  return day;
}
