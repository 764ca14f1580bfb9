/**
 * Athena/Hive type text → the small set of kinds the rest of the core reasons about.
 *
 * Glue and DuckDB both report types in Athena's spelling (`decimal(10,2)`, `timestamp(3) with time zone`,
 * `array<struct<a:int>>`), in any case and with arbitrary whitespace. Matching exact strings such as `'decimal'`
 * makes parameterised columns vanish from the schema (docs/reference-athena.md#glue-catalog), so the text is normalised
 * first and parameters are accepted everywhere Athena allows them.
 */

/** What a column holds, as far as Looker Studio fields, SQL and value formatting are concerned. */
export type TypeKind =
  | 'integer'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'text'
  | 'date'
  | 'timestamp'
  | 'timestampTz'
  | 'complex'
  | 'binary'
  | 'unsupported';

/** A parsed column type: its kind and the normalised (lower-case, compact) type text. */
export interface AthenaType {
  kind: TypeKind;
  text: string;
}

const SIMPLE_KINDS: readonly [RegExp, TypeKind][] = [
  [/^(tinyint|smallint|int|integer|bigint)$/, 'integer'],
  [/^decimal(\(\d+(,\d+)?\))?$/, 'decimal'],
  [/^(real|float|double|double precision)$/, 'float'],
  [/^boolean$/, 'boolean'],
  [/^(string|(var)?char(\(\d+\))?)$/, 'text'],
  [/^date$/, 'date'],
  [/^timestamp(\(\d+\))?$/, 'timestamp'],
  [/^timestamp(\(\d+\))? with time zone$/, 'timestampTz'],
  [/^json$/, 'complex'],
  [/^(binary|varbinary(\(\d+\))?)$/, 'binary'],
];

/** Parses Athena/Hive type text; anything not recognised (interval, time, malformed text) is `unsupported`. */
export function parseAthenaType(text: string): AthenaType {
  const normal = normaliseTypeText(text);
  for (const [pattern, kind] of SIMPLE_KINDS) {
    if (pattern.test(normal)) return { kind, text: normal };
  }
  return { kind: isComplexType(normal) ? 'complex' : 'unsupported', text: normal };
}

/** True for kinds whose values are numbers (Looker NUMBER fields, SUM/MIN/MAX metrics). */
export function isNumericKind(kind: TypeKind): boolean {
  return kind === 'integer' || kind === 'decimal' || kind === 'float';
}

/**
 * Lower-cases, collapses whitespace and removes it around punctuation, so `DECIMAL( 10, 2 )` = `decimal(10,2)`;
 * the space after `)` is kept (`timestamp(3) with time zone`).
 */
function normaliseTypeText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),<>:])/g, '$1')
    .replace(/([(,<:])\s+/g, '$1');
}

/** `array<…>`, `map<…>`, `struct<…>` or `row(…)` with balanced brackets (nesting allowed). */
function isComplexType(normal: string): boolean {
  const angle = /^(array|map|struct)<(.*)>$/.exec(normal);
  const round = /^row\((.*)\)$/.exec(normal);
  const inner = angle ? angle[2] : round?.[1];
  return inner !== undefined && inner.length > 0 && hasBalancedBrackets(inner);
}

function hasBalancedBrackets(text: string): boolean {
  const closers: string[] = [];
  const pairs: Record<string, string> = { '<': '>', '(': ')' };
  for (const ch of text) {
    if (Object.hasOwn(pairs, ch)) closers.push(pairs[ch]);
    else if (ch === '>' || ch === ')') {
      if (closers.pop() !== ch) return false;
    }
  }
  return closers.length === 0;
}
