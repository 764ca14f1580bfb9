/** Calendars and time zones (the zones Trino knows), pure. */
export {
  formatIsoDate,
  formatIsoDateTime,
  MAX_YEAR,
  MIN_YEAR,
  parseIsoDate,
  parseLookerDate,
  parseLookerSecond,
  startOfDay,
} from './calendar';
export { firstInstantAtOrAfter, instantsOfWallTime, resolveTimeZone } from './timeZones';
export { TRINO_ZONE_NAMES } from './trinoTimeZones';
