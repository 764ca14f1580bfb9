/**
 * Random query specs for the differential test, from a seed (mulberry32, so a failing run is repeated with
 * DIFF_SEED): every aggregation the schema offers, raw and aggregated rows, filters of every operator including
 * numeric filters on text, values beyond BIGINT, INCLUDE/EXCLUDE, and date ranges in many report zones.
 */
import {
  FILTER_OPERATORS,
  type FilterClause,
  type LookerField,
  type QuerySpec,
  type TableSchemaResponse,
} from '../../protocol/contract';
import { CODE_SPELLINGS, DIFF_DATABASE, DIFF_TABLE } from './differentialLake';
import { QUERY_GROUP } from '../../proxy/src/fields/queryStatFields';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'Europe/Berlin',
  'Australia/Adelaide',
  'America/Santiago',
  'Asia/Kathmandu',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Pacific/Honolulu',
  'Asia/Tehran',
];

const NUMBERS = [
  '0',
  '3',
  '-2.5',
  '1e1',
  '12',
  '7.5',
  '100',
  '-0',
  '20240305',
  '12345678901234567890123',
  '-9223372036854775808',
  '0.001',
];
const TEXTS = ['Berlin', 'Zürich', "O'Hare", 'São Paulo', 'oslo', 'r', 'ü', ''];
const DAYS = ['20240229', '20240301', '20240303', '20240305', '20240308', '20240310', '20240312'];
const SECONDS = ['20240301000000', '20240303120000', '20240305235959', '20240308063000', '20240310000000'];
const HOURS = ['2024030100', '2024030312', '2024030523', '2024030806'];
const REGEXES = ['^B', 'a', '(?i)^o', 'e.*n$', '[0-9]+', '\\d'];

const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)];

function valuesFor(rng: Rng, field: LookerField): readonly string[] {
  switch (field.semantics.semanticType) {
    case 'NUMBER':
      return NUMBERS;
    case 'BOOLEAN':
      return ['true', 'false', 'TRUE'];
    case 'YEAR_MONTH_DAY':
      return DAYS;
    case 'YEAR_MONTH_DAY_SECOND':
      return SECONDS;
    case 'YEAR_MONTH_DAY_HOUR':
      return HOURS;
    default:
      return rng() < 0.5 ? [...CODE_SPELLINGS] : TEXTS;
  }
}

/** Every operator of the contract, on every field type (the compiler falls back where one does not apply). */
const OPERATORS = FILTER_OPERATORS;

function clause(rng: Rng, field: LookerField): FilterClause {
  const operator = pick(rng, OPERATORS);
  const type = rng() < 0.25 ? 'EXCLUDE' : 'INCLUDE';
  const pool = valuesFor(rng, field);
  // Numeric comparisons on text compare numbers (mostly valid ones: others make the filters fall back) with text
  // holding every spelling, where the engines' casts differ.
  const numericPool = field.semantics.semanticType === 'TEXT' ? (rng() < 0.85 ? NUMBERS : CODE_SPELLINGS) : pool;
  let values: string[];
  if (operator === 'IS_NULL') values = [];
  else if (operator === 'IN_LIST') values = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => pick(rng, pool));
  else if (operator === 'BETWEEN') values = [pick(rng, numericPool), pick(rng, numericPool)];
  else if (operator.startsWith('NUMERIC')) values = [pick(rng, numericPool)];
  else if (operator.startsWith('REGEXP')) values = [pick(rng, REGEXES)];
  else values = [pick(rng, pool)];
  return { fieldName: field.name, operator, type, values };
}

/** One random spec over the table's aggregated (`aggregated`) or raw (`raw`) schema. */
export function randomSpec(rng: Rng, aggregated: TableSchemaResponse, raw: TableSchemaResponse): QuerySpec {
  const aggregate = rng() < 0.75;
  const schema = aggregate ? aggregated : raw;
  // Query fields (engine name, bytes scanned, cost, cache) describe the execution, not the data: they differ by
  // design between engines, so the comparison leaves them out.
  const usable = schema.fields.filter((field) => !field.formula && field.group !== QUERY_GROUP);
  const dimensions = usable.filter((field) => field.semantics.conceptType === 'DIMENSION');
  const count = 1 + Math.floor(rng() * 4);
  const fields = [...new Set(Array.from({ length: count }, () => pick(rng, usable).name))].map((name) => ({ name }));
  // `code` (the number spellings) is filtered more often than the other dimensions.
  const code = dimensions.find((field) => field.name === 'code');
  const filterField = () => (code && rng() < 0.35 ? code : pick(rng, dimensions));
  const groups = Array.from({ length: Math.floor(rng() * 3) }, () =>
    Array.from({ length: 1 + Math.floor(rng() * 2) }, () => clause(rng, filterField())),
  );
  const spec: QuerySpec = { database: DIFF_DATABASE, table: DIFF_TABLE, fields, aggregate, timeZone: pick(rng, ZONES) };
  if (groups.length > 0) spec.dimensionsFilters = groups;
  if (rng() < 0.6 && schema.dateColumns.length > 0) {
    const first = 1 + Math.floor(rng() * 10);
    const last = Math.min(11, first + Math.floor(rng() * 4));
    spec.dateColumn = pick(rng, schema.dateColumns);
    spec.dateRange = {
      startDate: `2024-03-${String(first).padStart(2, '0')}`,
      endDate: `2024-03-${String(last).padStart(2, '0')}`,
    };
  }
  return spec;
}
