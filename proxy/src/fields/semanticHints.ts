/**
 * Explicit field hints from the catalog (docs/fields.md#hints). One small syntax, in two places:
 *
 * - a column comment `Pickup latitude [LATITUDE, group=Pickup]`: the text before the brackets is the label, the
 *   bracket holds comma-separated hint tokens;
 * - the table parameter `looker.semantics`: `;`-separated rules `columns -> tokens`, e.g.
 *   `pickup_lat,pickup_lon -> LATITUDE_LONGITUDE; fare -> CURRENCY_EUR, group=Money`.
 *
 * Tokens: a Looker semantic type (`COUNTRY_CODE`, `CURRENCY_EUR`, `PERCENT`, `URL`, `DURATION`, `TEXT`, …),
 * `LATITUDE` / `LONGITUDE` (one half of a coordinate pair), `DIMENSION` (also offer a number as a dimension),
 * `AVG` / `SUM` (the main metric is the average or the sum, docs/fields.md#additive-or-not) and `group=<name>`.
 * Unknown tokens are ignored, so a typo never breaks a schema.
 */
import { isSemanticType, type SemanticType } from './lookerFields';

/** What the catalog says explicitly about one column. */
export interface ColumnHint {
  label?: string;
  semanticType?: SemanticType;
  coordinate?: 'lat' | 'lon';
  dimension?: boolean;
  /** `SUM`: the column adds up (its main metric is the sum); `AVG`: it does not (the main metric is the average). */
  additive?: boolean;
  group?: string;
}

/** Hints of a whole table: per column (lower-case name), and coordinate pairs declared together. */
export interface TableHints {
  columns: Map<string, ColumnHint>;
  pairs: { lat: string; lon: string; group?: string }[];
}

/** The table parameter holding per-column rules. */
export const SEMANTICS_PARAMETER = 'looker.semantics';

const TRAILING_TOKENS = /^(.*?)\s*\[([^\]]*)\]\s*$/s;

/** `Pickup latitude [LATITUDE]` → label "Pickup latitude" and the hint; a comment without brackets is a label. */
export function parseColumnComment(comment: string | undefined): ColumnHint {
  const text = (comment ?? '').trim();
  if (text === '') return {};
  const match = TRAILING_TOKENS.exec(text);
  if (!match) return { label: text };
  const hint = parseTokens(match[2]);
  return match[1] === '' ? hint : { ...hint, label: match[1] };
}

/** Reads comments and the `looker.semantics` parameter; the parameter wins over a comment for the same column. */
export function readTableHints(
  columns: readonly { name: string; comment?: string }[],
  properties: Record<string, string>,
): TableHints {
  const hints: TableHints = { columns: new Map(), pairs: [] };
  for (const column of columns) hints.columns.set(column.name.toLowerCase(), parseColumnComment(column.comment));
  for (const rule of (properties[SEMANTICS_PARAMETER] ?? '').split(';')) {
    const arrow = rule.indexOf('->');
    if (arrow < 0) continue;
    const names = rule
      .slice(0, arrow)
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const hint = parseTokens(rule.slice(arrow + 2));
    if (names.length === 2 && hint.semanticType === 'LATITUDE_LONGITUDE') {
      hints.pairs.push({ lat: names[0], lon: names[1], ...(hint.group ? { group: hint.group } : {}) });
      continue;
    }
    for (const name of names) hints.columns.set(name, { ...hints.columns.get(name), ...hint });
  }
  return hints;
}

function parseTokens(text: string): ColumnHint {
  const hint: ColumnHint = {};
  for (const raw of text.split(',')) {
    const token = raw.trim();
    const group = /^group\s*=\s*(.+)$/i.exec(token);
    if (group) hint.group = group[1].trim();
    else if (/^(latitude|lat)$/i.test(token)) hint.coordinate = 'lat';
    else if (/^(longitude|lon|lng)$/i.test(token)) hint.coordinate = 'lon';
    else if (/^dimension$/i.test(token)) hint.dimension = true;
    else if (/^(avg|average)$/i.test(token)) hint.additive = false;
    else if (/^sum$/i.test(token)) hint.additive = true;
    else if (isSemanticType(token.toUpperCase())) hint.semanticType = token.toUpperCase() as SemanticType;
  }
  return hint;
}
