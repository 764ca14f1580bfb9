/**
 * IANA time zones through `Intl` (deterministic: it only uses the ICU time zone data shipped with Node).
 *
 * Wall-clock time in a zone maps to instants non-uniformly: a spring-forward day has a gap (02:30 on 2024-03-10
 * does not exist in America/New_York) and a fall-back day an overlap (01:30 on 2024-11-03 happens twice). The
 * helpers here make those cases explicit instead of assuming a fixed offset.
 */
import { daysFromCivil } from './calendar';
import { TRINO_ZONE_NAMES } from './trinoTimeZones';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The canonical name of an IANA zone (`asia/kolkata` → `Asia/Calcutta`, `Etc/UTC` → `UTC`), or undefined when
 * Intl does not know it or Athena's Trino would refuse the canonical name (docs/athena.md#time-zones). Only
 * region-style names are accepted: they are what Athena and DuckDB both understand.
 */
export function resolveTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  let canonical: string;
  try {
    canonical = formatterFor(name).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return TRINO_ZONE_NAMES.has(canonical) ? canonical : undefined;
}

/** The zone's UTC offset, in seconds, at an instant (seconds since 1970). */
export function offsetAt(zone: string, instant: number): number {
  if (zone === 'UTC') return 0;
  const parts = formatterFor(zone).formatToParts(instant * 1000);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  const wall =
    daysFromCivil(field('year'), field('month'), field('day')) * 86_400 +
    field('hour') * 3600 +
    field('minute') * 60 +
    field('second');
  return wall - instant;
}

/** Every instant whose wall-clock time in `zone` is `wall`: one normally, none in a gap, two in an overlap. */
export function instantsOfWallTime(zone: string, wall: number): number[] {
  // Offsets never exceed ±18 h, so the offsets in force a day either side include every candidate.
  const offsets = new Set([offsetAt(zone, wall - 86_400), offsetAt(zone, wall), offsetAt(zone, wall + 86_400)]);
  const instants = [...offsets].map((offset) => wall - offset).filter((t) => offsetAt(zone, t) === wall - t);
  return [...new Set(instants)].sort((a, b) => a - b);
}

/** The first instant whose wall-clock time in `zone` is at or after `wall` (the transition when `wall` is in a gap). */
export function firstInstantAtOrAfter(zone: string, wall: number): number {
  const instants = instantsOfWallTime(zone, wall);
  if (instants.length > 0) return instants[0];
  const offsets = [offsetAt(zone, wall - 86_400), offsetAt(zone, wall + 86_400)];
  let low = wall - Math.max(...offsets);
  let high = wall - Math.min(...offsets);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (middle + offsetAt(zone, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}
