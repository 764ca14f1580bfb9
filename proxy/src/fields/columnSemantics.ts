/**
 * What a column means to an analyst: its semantic type, label and group, from three sources in this order
 * (docs/fields.md#semantic-types): (a) explicit hints (column comment, `looker.semantics`), (b) name heuristics,
 * (c) the column's type. Pure: names and hints only, no values are read.
 */
import type { ResolvedColumn } from './columnClass';
import { humanizeLabel, nameWords } from './fieldLabels';
import { CURRENCY_CODES, type MetricSemantics, type SemanticType } from './lookerFields';
import type { ColumnHint, TableHints } from './semanticHints';

/** The analyst-facing meaning of one exposed column. */
export interface ColumnSemantics {
  /** For a number: the metrics' type (NUMBER, PERCENT, DURATION, CURRENCY_*); otherwise the dimension's. */
  semanticType?: SemanticType;
  label: string;
  group: string;
  /** Also offer a number column as a dimension (integers, or a `DIMENSION` hint). */
  dimensionTwin: boolean;
  /** Multiplier applied to the values (0.01 turns a `_pct` 12.5 into Looker's ratio 0.125). */
  scale?: number;
  /** For a quantity: whether its values add up (main metric the sum) or not (the average); docs/fields.md#additive-or-not. */
  additive: boolean;
}

/** Two numeric columns shown together as one LATITUDE_LONGITUDE field `"lat, lon"`. */
export interface CoordinatePair {
  lat: ResolvedColumn;
  lon: ResolvedColumn;
  /** The wanted field id, e.g. `pickup` for `pickup_lat`/`pickup_lon`, `location` for `lat`/`lon`. */
  id: string;
  label: string;
  group: string;
}

const CURRENCIES = new Set<string>(CURRENCY_CODES);
const MONEY_WORDS = /^(price|amount|cost|revenue|fare|fee|total|tip|subtotal|spend|income|salary)$/;
const NOT_RATIOS = /(heart|exchange|bit|frame|sample|baud|refresh|interest|tax|hourly|day)_?rate$/;
const LAT = /^(.*?)_?(lat|latitude)$/;

/** The semantics of `column` given the table's hints and the table-level default currency (`looker.currency`). */
export function resolveColumnSemantics(column: ResolvedColumn, hint: ColumnHint, currency?: string): ColumnSemantics {
  const label = hint.label ?? humanizeLabel(column.info.name);
  const group = hint.group ?? label;
  const isNumber = column.columnClass === 'number';
  const dimensionTwin =
    isNumber && !column.info.partitionKey && (hint.dimension === true || column.type.kind === 'integer');
  const explicit = hint.semanticType && fits(hint.semanticType, isNumber) ? hint.semanticType : undefined;
  const guessed = explicit ?? guessSemanticType(column, currency);
  const scale =
    guessed === 'PERCENT' && !explicit && /(pct|percent|percentage)$/.test(column.info.name.toLowerCase())
      ? 0.01
      : undefined;
  const additive = hint.additive ?? isAdditiveByName(column.info.name, guessed);
  return {
    ...(guessed ? { semanticType: guessed } : {}),
    label,
    group,
    dimensionTwin,
    ...(scale ? { scale } : {}),
    additive,
  };
}

/**
 * Words of a column name whose values do not add up: positions, temperature-like readings, scores and ages,
 * statistics and rates (docs/fields.md#additive-or-not). Summing them is never what an analyst means.
 */
const NON_ADDITIVE_WORDS = new Set([
  ...['lat', 'latitude', 'lon', 'lng', 'longitude'],
  ...['temp', 'temperature', 'celsius', 'fahrenheit', 'kelvin', 'humidity', 'setpoint', 'pressure'],
  ...['score', 'rating', 'age', 'avg', 'average', 'mean', 'median', 'rate', 'ratio', 'per'],
]);

/** The same, at the end of a name Glue lower-cased into one word (`setPoint` → `setpoint`, `userAge` → `userage`). */
const NON_ADDITIVE_ENDING =
  /(temp|temperature|celsius|fahrenheit|humidity|setpoint|latitude|longitude|score|rating|average|median|unit_?price|(user|customer|client|driver|passenger|patient|person|member|rider|courier)age)$/;

/** Additive unless the name or the semantic type (PERCENT) says its values do not add up. */
export function isAdditiveByName(name: string, semanticType?: SemanticType): boolean {
  if (semanticType === 'PERCENT') return false;
  const words = nameWords(name).map((word) => word.toLowerCase());
  // `unit price ($)` ends in `unit_price` once its letters and digits are joined as a Glue name.
  const joined = words
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter((word) => word !== '')
    .join('_');
  if (NON_ADDITIVE_ENDING.test(name.toLowerCase()) || NON_ADDITIVE_ENDING.test(joined)) return false;
  return !words.some((word) => NON_ADDITIVE_WORDS.has(word));
}

/** Finds coordinate pairs: declared ones first, then `<prefix>_lat` + `<prefix>_lon` numeric columns. */
export function findCoordinatePairs(columns: readonly ResolvedColumn[], hints: TableHints): CoordinatePair[] {
  const numeric = new Map(
    columns
      .filter((c) => c.columnClass === 'number' && !c.info.partitionKey)
      .map((c) => [c.info.name.toLowerCase(), c]),
  );
  const pairs: CoordinatePair[] = [];
  const used = new Set<string>();
  const add = (latName: string, lonName: string, prefix: string, group?: string) => {
    const lat = numeric.get(latName);
    const lon = numeric.get(lonName);
    if (!lat || !lon || used.has(latName) || used.has(lonName)) return;
    used.add(latName).add(lonName);
    const label = prefix === '' ? 'Location' : `${humanizeLabel(prefix)} Location`;
    pairs.push({ lat, lon, id: prefix === '' ? 'location' : `${prefix}_location`, label, group: group ?? label });
  };
  for (const pair of hints.pairs) add(pair.lat, pair.lon, commonPrefix(pair.lat, pair.lon), pair.group);
  const byHint = (kind: 'lat' | 'lon') => [...hints.columns].filter(([, h]) => h.coordinate === kind).map(([n]) => n);
  const [latHints, lonHints] = [byHint('lat'), byHint('lon')];
  if (latHints.length === 1 && lonHints.length === 1)
    add(latHints[0], lonHints[0], commonPrefix(latHints[0], lonHints[0]));
  for (const name of numeric.keys()) {
    const lat = LAT.exec(name);
    if (!lat) continue;
    const prefix = lat[1];
    for (const suffix of ['lon', 'lng', 'long', 'longitude']) {
      add(name, prefix === '' ? suffix : `${prefix}${name.charAt(prefix.length) === '_' ? '_' : ''}${suffix}`, prefix);
    }
  }
  return pairs;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(0, i).replace(/_+$/, '');
}

/** Hint types are honoured only where they fit: number types on numbers, text types on the rest. */
function fits(type: SemanticType, isNumber: boolean): boolean {
  const numeric = type === 'NUMBER' || type === 'PERCENT' || type === 'DURATION' || type.startsWith('CURRENCY_');
  return numeric === isNumber;
}

function guessSemanticType(column: ResolvedColumn, currency?: string): SemanticType | undefined {
  const name = column.info.name.toLowerCase();
  const words = nameWords(column.info.name).map((word) => word.toLowerCase());
  const last = words.at(-1) ?? '';
  if (column.columnClass === 'number')
    return column.info.partitionKey ? undefined : guessMetricType(name, words, currency);
  if (column.columnClass !== 'text') return undefined;
  if (/(cords|coords|coordinates|latlng|latlon|lat_lng|lat_lon)$/.test(name)) return 'LATITUDE_LONGITUDE';
  if (/(country_?code|country_?iso|iso_?country)$/.test(name)) return 'COUNTRY_CODE';
  if (/country$/.test(name)) return 'COUNTRY';
  if (/(region|state|province)_?code$/.test(name)) return 'REGION_CODE';
  if (last === 'region' || last === 'province' || name === 'state') return 'REGION';
  if (/city$/.test(name)) return 'CITY';
  if (/url$/.test(name)) return 'URL';
  return undefined;
}

function guessMetricType(name: string, words: string[], currency?: string): MetricSemantics | undefined {
  const last = words.at(-1) ?? '';
  if (words.length > 1 && CURRENCIES.has(last.toUpperCase()))
    return `CURRENCY_${last.toUpperCase()}` as MetricSemantics;
  if (currency && CURRENCIES.has(currency) && words.some((word) => MONEY_WORDS.test(word))) {
    return `CURRENCY_${currency}` as MetricSemantics;
  }
  if (/(_pct|_percent|_percentage|^pct|^percent)$/.test(name)) return 'PERCENT';
  if ((/_rate$/.test(name) || /ratio$/.test(name)) && !NOT_RATIOS.test(name)) return 'PERCENT';
  if (/(_seconds|_secs|^seconds|^duration|^duration_s|^duration_sec|^duration_seconds)$/.test(name)) return 'DURATION';
  return undefined;
}
