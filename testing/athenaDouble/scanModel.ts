/**
 * What Athena would scan for a query over the double's lake (`lake` option of server.ts): the bytes of the `dt`
 * partitions the query's WHERE clause allows, as Athena's partition pruning reads it. Only conditions that every
 * row must meet restrict the scan: a `"dt" BETWEEN 'a' AND 'b'` joined by AND at the top of the clause, or an OR
 * of groups that each hold one (the proxy's date-range windows). A `"dt"` test inside a NOT, or beside another
 * column under an OR (a report filter), restricts nothing, so it never widens or narrows the figure. Without a
 * restriction the whole table is read. An upper bound like Athena's own figure on row formats; Parquet column
 * pruning would read less. The DuckDB engine behind the double reports at most this.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const TABLE = /FROM "[^"]+"\."([A-Za-z0-9_]+)"/;
const DT_RANGE = /^"dt" BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'$/;
const CLAUSE_END = [' GROUP BY ', ' HAVING ', ' ORDER BY ', ' LIMIT '];

/** Which partition days a condition lets through; undefined: every day. */
type DayTest = (day: string) => boolean;

async function sizeOf(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let bytes = 0;
  for (const entry of entries) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += await sizeOf(child);
    else if (entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
      bytes += (await fs.stat(child)).size;
  }
  return bytes;
}

/**
 * Splits `text` at `separator` where it stands outside quotes and parentheses. With `skipBetween`, the AND that
 * closes a BETWEEN is not a separator.
 */
export function splitTopLevel(text: string, separator: string, skipBetween = false): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let betweenOpen = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (depth === 0 && text.startsWith(' BETWEEN ', i)) betweenOpen = skipBetween;
    else if (depth === 0 && text.startsWith(separator, i)) {
      if (betweenOpen) betweenOpen = false;
      else {
        parts.push(text.slice(start, i));
        start = i + separator.length;
      }
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** `(x)` → `x` when the outer parentheses enclose the whole text (they close only at its last character). */
function unwrap(text: string): string | undefined {
  if (!text.startsWith('(') || !text.endsWith(')')) return undefined;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length - 1; i++) {
    const char = text[i];
    if (quote) quote = char === quote ? undefined : quote;
    else if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === ')') depth += char === '(' ? 1 : -1;
    if (depth === 0 && !quote) return undefined;
  }
  return text.slice(1, -1);
}

/** The days a condition lets through (see the file comment), or undefined when it does not restrict them. */
export function dayTestOf(condition: string): DayTest | undefined {
  const alternatives = splitTopLevel(condition, ' OR ');
  if (alternatives.length > 1) {
    const tests = alternatives.map(dayTestOf);
    if (tests.some((test) => test === undefined)) return undefined;
    return (day) => tests.some((test) => test!(day));
  }
  const conjuncts = splitTopLevel(condition, ' AND ', true);
  if (conjuncts.length > 1) {
    const tests = conjuncts.map(dayTestOf).filter((test): test is DayTest => test !== undefined);
    return tests.length === 0 ? undefined : (day) => tests.every((test) => test(day));
  }
  const inner = unwrap(condition);
  if (inner !== undefined) return dayTestOf(inner);
  const range = DT_RANGE.exec(condition);
  return range ? (day) => range[1] <= day && day <= range[2] : undefined;
}

/** The WHERE clause of a single-table SELECT, without what follows it. */
function whereClauseOf(sql: string): string | undefined {
  const afterWhere = splitTopLevel(sql, ' WHERE ');
  if (afterWhere.length < 2) return undefined;
  let clause = afterWhere[1];
  for (const end of CLAUSE_END) clause = splitTopLevel(clause, end)[0];
  return clause;
}

/** Bytes the query's partitions hold, or undefined when it names no lake table. */
export async function modelScanBytes(lakeDir: string, sql: string): Promise<number | undefined> {
  const table = TABLE.exec(sql)?.[1];
  if (!table) return undefined;
  const dir = path.join(lakeDir, table);
  const where = whereClauseOf(sql);
  const allowed = where === undefined ? undefined : dayTestOf(where);
  if (!allowed) return sizeOf(dir);
  const partitions = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  let bytes = 0;
  for (const entry of partitions) {
    const day = /^dt=(\d{4}-\d{2}-\d{2})$/.exec(entry.name)?.[1];
    if (entry.isDirectory() && day && allowed(day)) bytes += await sizeOf(path.join(dir, entry.name));
  }
  return bytes;
}
