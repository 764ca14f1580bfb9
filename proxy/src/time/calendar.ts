/**
 * Proleptic Gregorian calendar arithmetic on plain numbers (days and seconds since 1970-01-01), so dates never go
 * through a local-time `Date` and nothing depends on the machine's time zone.
 */

const SECONDS_PER_DAY = 86_400;

/** Years the compiler accepts: four digits even after the ±1 day slack of partition pruning and `endDate + 1`. */
export const MIN_YEAR = 1000;
/** Last accepted year (see MIN_YEAR). */
export const MAX_YEAR = 9998;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The civil date of a day number (Howard Hinnant's civil_from_days). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a real calendar date, or undefined (2024-02-30, month 13, year outside MIN_YEAR..MAX_YEAR). */
export function toDayNumber(year: number, month: number, day: number): number | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const days = daysFromCivil(year, month, day);
  return civilFromDays(days).day === day ? days : undefined;
}

/** Parses strict `YYYY-MM-DD` into a day number. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match ? toDayNumber(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/** Parses Looker's `YYYYMMDD` (date filter values) into a day number. */
export function parseLookerDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? toDayNumber(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/** Parses Looker's `YYYYMMDDHHmmss` into seconds since 1970 of that wall-clock time (as if it were UTC). */
export function parseLookerSecond(text: string): number | undefined {
  const match = /^(\d{8})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const days = parseLookerDate(match[1]);
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (days === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  return days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

/** `YYYY-MM-DD` of a day number. */
export function formatIsoDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` of seconds since 1970 (UTC). */
export function formatIsoDateTime(seconds: number): string {
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  const rest = seconds - days * SECONDS_PER_DAY;
  const time = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60].map((n) => pad(n, 2)).join(':');
  return `${formatIsoDate(days)}T${time}`;
}

/** Seconds since 1970 of midnight starting a day number (as wall-clock time). */
export function startOfDay(days: number): number {
  return days * SECONDS_PER_DAY;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
