/**
 * Regular expressions that mean the same on Athena (Java-style) and DuckDB (RE2).
 *
 * Looker Studio sends RE2 syntax (docs/reference-looker-studio.md#filters), Athena evaluates Java-style patterns and
 * the local engine RE2, and each accepts things the other rejects or reads differently. Rather than translate, only a
 * conservative common subset is pushed down; any other pattern makes the query fall back to unfiltered rows, which
 * Looker Studio then filters itself (filtersApplied = false).
 *
 * Accepted: literals, `.`, anchors `^ $`, alternation, groups `( )` and `(?: )`, greedy and lazy quantifiers
 * (`* + ? {n} {n,} {n,m}` with counts ≤ 1000), classes `[...]` / `[^...]` with ascending ranges, the escapes
 * `\d \D \w \W \t \n \r \f` and escaped punctuation, and a leading `(?i)` on an ASCII pattern. Refused, among
 * others: lookarounds, backreferences, possessive quantifiers, `\p{…}`, `\s` (Java's includes \x0B, RE2's not),
 * `\b`, named groups, inline flags other than a leading `(?i)`, POSIX and nested classes.
 */

/** A pattern accepted for pushdown: its body and whether it started with `(?i)`. */
export interface PortableRegex {
  caseInsensitive: boolean;
  body: string;
}

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W']);
const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12 };
const PUNCTUATION = new Set([...'\\^$.|?*+()[]{}/-']);
const MAX_REPEAT = 1000;

/** Returns the pattern split into flag and body when it is in the common subset, else undefined. */
export function parsePortableRegex(pattern: string): PortableRegex | undefined {
  const caseInsensitive = pattern.startsWith('(?i)');
  const body = caseInsensitive ? pattern.slice(4) : pattern;
  // Java's (?i) folds ASCII only, RE2's folds Unicode: they agree on ASCII patterns.
  if (caseInsensitive && /[^\x20-\x7e]/.test(body)) return undefined;
  return isPortableBody(body) ? { caseInsensitive, body } : undefined;
}

function isPortableBody(body: string): boolean {
  let depth = 0;
  let quantifiable = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      if (escapedCode(body[i + 1]) === undefined) return false;
      i++;
      quantifiable = true;
    } else if (ch === '[') {
      const end = scanClass(body, i);
      if (end === undefined) return false;
      i = end;
      quantifiable = true;
    } else if (ch === '(') {
      if (body[i + 1] === '?') {
        if (body[i + 2] !== ':') return false;
        i += 2;
      }
      depth++;
      quantifiable = false;
    } else if (ch === ')') {
      if (--depth < 0) return false;
      quantifiable = true;
    } else if ('*+?{'.includes(ch)) {
      const end = ch === '{' ? scanCount(body, i) : i;
      if (!quantifiable || end === undefined) return false;
      i = end;
      if (body[i + 1] === '+') return false;
      if (body[i + 1] === '?') i++;
      quantifiable = false;
    } else {
      if (ch === '}') return false;
      quantifiable = ch !== '|' && ch !== '^' && ch !== '$';
    }
  }
  return depth === 0;
}

/** Code point an escape stands for (NaN for a class escape such as \d), undefined if the escape is refused. */
function escapedCode(ch: string | undefined): number | undefined {
  if (ch === undefined) return undefined;
  if (CLASS_ESCAPES.has(ch)) return NaN;
  if (Object.hasOwn(CONTROL_ESCAPES, ch)) return CONTROL_ESCAPES[ch];
  return PUNCTUATION.has(ch) ? ch.charCodeAt(0) : undefined;
}

/**
 * Index of the `]` closing the class opened at `start`, or undefined when the class is outside the subset. A `-`
 * is literal only first or last; elsewhere it must form an ascending range between two literal characters.
 */
function scanClass(body: string, start: number): number | undefined {
  let i = start + 1;
  if (body[i] === '^') i++;
  if (body[i] === ']') return undefined;
  const first = i;
  let previous = NaN;
  let rangeFrom: number | undefined;
  for (; i < body.length && body[i] !== ']'; i++) {
    let code: number;
    if (body[i] === '\\') {
      const escaped = escapedCode(body[++i]);
      if (escaped === undefined) return undefined;
      code = escaped;
    } else if (body[i] === '[' || (body[i] === '&' && body[i + 1] === '&')) {
      return undefined;
    } else if (body[i] === '-' && i !== first && body[i + 1] !== ']') {
      if (Number.isNaN(previous) || rangeFrom !== undefined) return undefined;
      rangeFrom = previous;
      continue;
    } else {
      code = body.codePointAt(i) ?? NaN;
      if (code > 0xffff) i++;
    }
    if (rangeFrom !== undefined) {
      if (!(rangeFrom <= code)) return undefined;
      rangeFrom = undefined;
      previous = NaN;
    } else {
      previous = code;
    }
  }
  return i < body.length ? i : undefined;
}

/** Index of the `}` ending a `{n}`, `{n,}` or `{n,m}` count at `start`, or undefined. */
function scanCount(body: string, start: number): number | undefined {
  const match = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(body.slice(start));
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[3] ? Number(match[3]) : min;
  if (min > MAX_REPEAT || max > MAX_REPEAT || max < min) return undefined;
  return start + match[0].length - 1;
}
