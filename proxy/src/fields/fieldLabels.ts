/**
 * Labels an analyst can read, from lake spellings (docs/fields.md#labels-and-groups): `distance_km` → "Distance (km)",
 * `fare_usd` → "Fare (USD)", `tip_pct` → "Tip (%)", `dt` → "Date", `ts` → "Timestamp", `distanceKm` → "Distance
 * (km)", and `distancekm` (Glue lower-cases names) → "Distance (km)". A column comment, when present, wins.
 */
import { CURRENCY_CODES } from './lookerFields';

/** Whole names with a conventional meaning. */
const WHOLE_NAMES: Record<string, string> = {
  dt: 'Date',
  ts: 'Timestamp',
  id: 'ID',
  lat: 'Latitude',
  lon: 'Longitude',
};

/** Unit words shown in parentheses, in their usual case. */
const UNITS: Record<string, string> = {
  km: 'km',
  m: 'm',
  mi: 'mi',
  kg: 'kg',
  g: 'g',
  lb: 'lb',
  ms: 'ms',
  sec: 's',
  secs: 's',
  seconds: 's',
  mins: 'min',
  minutes: 'min',
  hours: 'h',
  pct: '%',
  percent: '%',
  kwh: 'kWh',
  kb: 'KB',
  mb: 'MB',
  gb: 'GB',
  c: '°C',
  f: '°F',
  celsius: '°C',
  fahrenheit: '°F',
};

/** Words with a conventional spelling. */
const WORDS: Record<string, string> = {
  id: 'ID',
  url: 'URL',
  ip: 'IP',
  utc: 'UTC',
  api: 'API',
  dt: 'Date',
  ts: 'Timestamp',
};

/** Units recognised at the end of a lower-cased glued name (only unambiguous ones: "items" is not "ite (ms)"). */
const GLUED_UNITS = ['km', 'kg', 'kwh', 'usd', 'eur', 'gbp', 'chf', 'jpy'];

const CURRENCIES = new Set<string>(CURRENCY_CODES.map((code) => code.toLowerCase()));

/** The words of a name: separators and camelCase boundaries split it, then a glued unit suffix is split off. */
export function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter((word) => word.length > 0);
  const last = words.at(-1)?.toLowerCase();
  if (words.length === 1 && last !== undefined) {
    const unit = GLUED_UNITS.find((u) => last.endsWith(u) && last.length - u.length >= 3);
    if (unit) return [words[0].slice(0, -unit.length), words[0].slice(-unit.length)];
  }
  return words;
}

/** The label of a column name (see the module comment). */
export function humanizeLabel(name: string): string {
  const whole = WHOLE_NAMES[name.toLowerCase()];
  if (whole) return whole;
  const words = nameWords(name);
  if (words.length === 0) return name;
  const last = words.at(-1)!.toLowerCase();
  const unit = words.length > 1 ? (UNITS[last] ?? (CURRENCIES.has(last) ? last.toUpperCase() : undefined)) : undefined;
  const body = (unit ? words.slice(0, -1) : words).map(capitalise).join(' ');
  return unit ? `${body} (${unit})` : body;
}

function capitalise(word: string): string {
  const known = WORDS[word.toLowerCase()];
  if (known) return known;
  return word.charAt(0).toUpperCase() + word.slice(1);
}
