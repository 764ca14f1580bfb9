/**
 * Per-viewer access rules (docs/keyless.md#access-rules): which identities may read which tables, and the row
 * filters each identity gets. Pure: the file is read elsewhere; this module parses its JSON and decides.
 *
 * ```json
 * { "groups": { "eu-team": ["@eu.example.com", "ops@example.com"] },
 *   "rules": [
 *     { "name": "eu", "who": ["group:eu-team"], "tables": ["lake.orders"],
 *       "rowFilters": { "lake.orders": [{ "column": "region", "operator": "EQUALS", "values": ["EU"] }] } },
 *     { "name": "staff", "who": ["@example.com"], "tables": ["lake.*"] } ] }
 * ```
 * Rules are tried in order and the FIRST whose `who` matches decides (so put narrow rules first); an identity no
 * rule matches, or a table the matching rule does not list, is denied. `who` entries: an exact email, `@domain`
 * (that exact domain), `group:<name>`, `*` (every authenticated caller), or in key mode an IAM ARN or access key id.
 * Row filters of one table are ANDed.
 */
import { FILTER_OPERATORS, type FilterOperator } from '../../../protocol/contract';

export interface RowFilter {
  column: string;
  operator: FilterOperator;
  values: string[];
  /** Keep the rows that do NOT match (Looker's EXCLUDE). */
  exclude: boolean;
}

export interface AccessRule {
  name: string;
  who: string[];
  /** `db.table`, `db.*` or `*`. */
  tables: string[];
  /** `db.table` → filters every query on that table gets. */
  rowFilters: Record<string, RowFilter[]>;
}

export interface AccessRules {
  rules: AccessRule[];
}

export type AccessDecision =
  { allowed: true; rule: string; rowFilters: RowFilter[] } | { allowed: false; rule?: string };

/** `*`, `@domain`, an email, a group, or (key mode) an IAM ARN or an access key id — all compared lower-case. */
const WHO =
  /^(\*|@[a-z0-9.-]+\.[a-z]{2,}|[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}|group:[\w.-]+|arn:[\w:/+=,.@-]+|[a-z0-9]{16,128})$/;
const TABLE = /^(\*|[a-z0-9_]+\.(\*|[A-Za-z0-9_]+))$/;

function fail(message: string): never {
  throw new Error(`Access rules: ${message}`);
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${where} must be a list of strings`);
  return value as string[];
}

function parseRowFilter(raw: unknown, where: string): RowFilter {
  const entry = (raw ?? {}) as Record<string, unknown>;
  if (typeof entry.column !== 'string' || entry.column === '') fail(`${where}.column must be a column name`);
  const operator = entry.operator ?? 'EQUALS';
  if (!(FILTER_OPERATORS as readonly unknown[]).includes(operator))
    fail(`${where}.operator must be one of ${FILTER_OPERATORS.join(', ')}`);
  return {
    column: entry.column,
    operator: operator as FilterOperator,
    values: stringList(entry.values ?? [], `${where}.values`),
    exclude: entry.exclude === true,
  };
}

/** Parses and checks the rules file's JSON; throws an Error naming the first problem (checked at start-up). */
export function parseAccessRules(json: unknown): AccessRules {
  const root = (json ?? {}) as Record<string, unknown>;
  const groupsRaw = (root.groups ?? {}) as Record<string, unknown>;
  if (typeof groupsRaw !== 'object' || Array.isArray(groupsRaw)) fail('"groups" must be an object of lists');
  const groups = new Map(
    Object.entries(groupsRaw).map(([name, members]) => [name, stringList(members, `groups.${name}`).map(normalizeWho)]),
  );
  if (!Array.isArray(root.rules) || root.rules.length === 0) fail('"rules" must be a non-empty list');
  const names = new Set<string>();
  const rules = root.rules.map((raw: unknown, i: number): AccessRule => {
    const rule = (raw ?? {}) as Record<string, unknown>;
    const name = typeof rule.name === 'string' && rule.name !== '' ? rule.name : `rule ${i + 1}`;
    if (names.has(name)) fail(`two rules are named "${name}"`);
    names.add(name);
    const who = stringList(rule.who, `${name}.who`)
      .map(normalizeWho)
      .flatMap((entry) => {
        if (!entry.startsWith('group:')) return [entry];
        return groups.get(entry.slice(6)) ?? fail(`${name}.who names unknown group "${entry.slice(6)}"`);
      });
    for (const entry of who)
      if (!WHO.test(entry) || entry.startsWith('group:')) fail(`${name}.who has an invalid entry "${entry}"`);
    const tables = stringList(rule.tables, `${name}.tables`);
    for (const table of tables)
      if (!TABLE.test(table)) fail(`${name}.tables has an invalid entry "${table}" (use db.table, db.* or *)`);
    const filtersRaw = (rule.rowFilters ?? {}) as Record<string, unknown>;
    const rowFilters: Record<string, RowFilter[]> = Object.create(null) as Record<string, RowFilter[]>;
    for (const [table, list] of Object.entries(filtersRaw)) {
      if (!/^[a-z0-9_]+\.[A-Za-z0-9_]+$/.test(table)) fail(`${name}.rowFilters key "${table}" must be db.table`);
      if (!Array.isArray(list)) fail(`${name}.rowFilters.${table} must be a list`);
      rowFilters[table] = list.map((f, k) => parseRowFilter(f, `${name}.rowFilters.${table}[${k}]`));
    }
    if (who.length === 0 || tables.length === 0) fail(`${name} needs at least one "who" and one "tables" entry`);
    return { name, who, tables, rowFilters };
  });
  return { rules };
}

function normalizeWho(entry: string): string {
  return entry.trim().toLowerCase();
}

function matchesWho(who: string, identity: string): boolean {
  if (who === '*') return true;
  // A domain names people: an IAM ARN whose session name the caller chose (`…/role/x@example.com`) is not one.
  if (who.startsWith('@'))
    return !identity.startsWith('arn:') && identity.includes('@') && identity.slice(identity.lastIndexOf('@')) === who;
  return who === identity;
}

/** Database and table names compare case-insensitively, as Athena and Glue resolve them. */
function coversTable(pattern: string, database: string, table: string): boolean {
  const p = pattern.toLowerCase();
  return p === '*' || p === `${database}.*` || p === `${database}.${table}`;
}

function rowFiltersOf(rule: AccessRule, key: string): RowFilter[] {
  const found = Object.keys(rule.rowFilters).find((k) => k.toLowerCase() === key);
  return found === undefined ? [] : rule.rowFilters[found];
}

/** The first rule matching `identity` decides whether it may read `database.table`, and with which row filters. */
export function decideAccess(
  rules: AccessRules,
  identity: string,
  requestedDb: string,
  requestedTable: string,
): AccessDecision {
  const who = identity.trim().toLowerCase();
  // Lower-cased: `ORDERS` is the same Athena table as `orders`, so it gets the same rule and the same row filters.
  const database = requestedDb.toLowerCase();
  const table = requestedTable.toLowerCase();
  const rule = rules.rules.find((r) => r.who.some((entry) => matchesWho(entry, who)));
  if (!rule) return { allowed: false };
  if (!rule.tables.some((pattern) => coversTable(pattern, database, table))) return { allowed: false, rule: rule.name };
  const key = `${database}.${table}`;
  return {
    allowed: true,
    rule: rule.name,
    rowFilters: rowFiltersOf(rule, key),
  };
}
