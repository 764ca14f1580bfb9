/**
 * Row filters from the access rules (proxy/src/core/accessRules.ts) → SQL predicates that compileQuery ANDs in front
 * of everything the request asks for. The caller cannot remove them: they do not come from the request, they are
 * top-level conjuncts of the WHERE clause (a request's own filters can only narrow further), and they apply before
 * GROUP BY, so no field list or aggregation sees the filtered-out rows.
 *
 * They reuse the request filters' typed literal rendering (filters.ts) on the raw column value, in UTC so the rule
 * means the same for every viewer. Unlike request filters, they never fall back: a rule that cannot be expressed
 * (unknown column, value of the wrong type) refuses the query — fail closed.
 */
import type { FilterClause } from '../contract';
import type { TableDescription } from '../engines/port';
import { AccessDeniedError } from '../errors';
import type { RowFilter } from './accessRules';
import { resolveFieldCatalog } from './fieldCatalog';
import { compileFilters } from './filters';
import type { Predicate } from './sqlText';

/** One predicate per row filter (ANDed by the caller); [] for none. */
export function compileRowFilters(filters: readonly RowFilter[], table: TableDescription): Predicate[] {
  if (filters.length === 0) return [];
  const catalog = resolveFieldCatalog(table, false);
  const groups: FilterClause[][] = filters.map((filter) => {
    const binding = [...catalog.bindings.values()].find(
      (b) => b.role === 'dimension' && b.derivation === 'value' && b.column?.info.name === filter.column,
    );
    if (!binding) throw unusable(table, `column "${filter.column}" is not a filterable column`);
    return [{ fieldName: binding.id, operator: filter.operator, values: filter.values, type: filter.exclude ? 'EXCLUDE' : 'INCLUDE' }];
  });
  const outcome = compileFilters(groups, catalog, 'UTC', []);
  if (!outcome.applied) throw unusable(table, 'a row filter cannot be expressed for this column type');
  return outcome.predicates;
}

function unusable(table: TableDescription, why: string): AccessDeniedError {
  return new AccessDeniedError(
    `The access rule for ${table.database}.${table.table} cannot be applied (${why}); ask the data owner to fix the access rules.`,
  );
}
