/**
 * Applies the access rules (proxy/src/access/accessRules.ts) to one caller and table: the row filters the caller's
 * queries get, or AccessDeniedError (403). Every decision is logged with the identity and the rule that matched,
 * never with a token.
 */
import type { CatalogResponse } from '../../../protocol/contract';
import { decideAccess, type AccessRules, type RowFilter } from '../access';
import { AccessDeniedError } from '../errors';
import type { Logger } from '../logger';

export function authorizeTable(
  rules: AccessRules | undefined,
  identity: string,
  { database, table }: { database: string; table: string },
  log: Logger,
): RowFilter[] {
  if (!rules) return [];
  const decision = decideAccess(rules, identity, database, table);
  log({
    level: 'info',
    event: 'access',
    caller: identity,
    table: `${database}.${table}`,
    allowed: decision.allowed,
    rule: decision.rule ?? null,
  });
  if (!decision.allowed) {
    throw new AccessDeniedError(`Your account (${identity}) is not allowed to read ${database}.${table}.`, {
      database,
      table,
    });
  }
  return decision.rowFilters;
}

/** The catalog without the tables the caller may not read (and without databases left empty). */
export function visibleCatalog(
  rules: AccessRules | undefined,
  identity: string,
  catalog: CatalogResponse,
): CatalogResponse {
  if (!rules) return catalog;
  const databases = catalog.databases
    .map((d) => ({ name: d.name, tables: d.tables.filter((t) => decideAccess(rules, identity, d.name, t).allowed) }))
    .filter((d) => d.tables.length > 0);
  return { databases };
}
