/**
 * Row filters from the access rules (proxy/src/access/accessRules.ts) → SQL predicates that compileQuery ANDs in front
 * of everything the request asks for. The caller cannot remove them: they do not come from the request, they are
 * top-level conjuncts of the WHERE clause (a request's own filters can only narrow further), and they apply before
 * GROUP BY, so no field list or aggregation sees the filtered-out rows.
 *
 * They reuse the request filters' typed literal rendering (filters.ts) on the raw column value, in UTC so the rule
 * means the same for every viewer. Unlike request filters, they never fall back: a rule that cannot be expressed
 * (unknown column, value of the wrong type) refuses the query — fail closed.
 */
import type { FilterClause } from '../../../protocol/contract';
import type { TableDescription } from '../port';
import { AccessDeniedError } from '../errors';
import type { RowFilter } from '../access';
import { resolveFieldCatalog, type FieldBinding } from '../fields';
import { compileFilters } from './filters';
import type { Predicate } from './sqlText';

/** One predicate per row filter (ANDed by the caller); [] for none. */
export function compileRowFilters(filters: readonly RowFilter[], table: TableDescription): Predicate[] {
  if (filters.length === 0) return [];
  const raw = resolveFieldCatalog(table, false);
  // Every column's own value, numbers included (raw mode exposes those as metrics, which request filters skip).
  const bindings = new Map<string, FieldBinding>();
  for (const binding of raw.bindings.values()) {
    if (binding.derivation === 'value' && binding.column)
      bindings.set(binding.column.info.name, { ...binding, role: 'dimension' });
  }
  const groups: FilterClause[][] = filters.map((filter) => {
    if (!bindings.has(filter.column)) throw unusable(table, `column "${filter.column}" is not a filterable column`);
    return [
      {
        fieldName: filter.column,
        operator: filter.operator,
        values: filter.values,
        type: filter.exclude ? 'EXCLUDE' : 'INCLUDE',
      },
    ];
  });
  const outcome = compileFilters(groups, { ...raw, bindings }, 'UTC', []);
  if (!outcome.applied) throw unusable(table, 'a row filter cannot be expressed for this column type');
  return outcome.predicates;
}

function unusable(table: TableDescription, why: string): AccessDeniedError {
  return new AccessDeniedError(
    `The access rule for ${table.database}.${table.table} cannot be applied (${why}); ask the data owner to fix the access rules.`,
  );
}
