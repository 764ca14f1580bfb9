/**
 * Looker Studio dimension filters → SQL (docs/reference-looker-studio.md#filters): outer array AND, inner arrays OR,
 * EXCLUDE negating its own clause. Filtering is all or nothing: if any clause cannot be expressed faithfully on
 * both engines, no filter is applied and Looker Studio filters the rows itself (filtersApplied = false).
 */
import type { FilterClause } from '../../../protocol/contract';
import { InvalidRequestError } from '../errors';
import type { FieldCatalog } from '../fields';
import { toFilterDomain } from './filterDomains';
import { joinPredicates, negatePredicate, type Predicate } from './sqlText';

/** Either every clause compiled (one predicate per outer group) or the filters are not applied at all. */
export type FilterOutcome = { applied: true; predicates: Predicate[] } | { applied: false };

const NOT_APPLIED: FilterOutcome = { applied: false };

/**
 * Compiles the filters of a request whose field ids are known to resolve in `catalog`. Throws
 * InvalidRequestError for values no SQL literal may carry (NUL, unpaired surrogates); returns `applied: false`
 * for anything else that cannot be pushed down — a metric, an unsupported regex, a value of the wrong type,
 * a wrong number of values, an empty group — and also when a `forFilterOnly` field is not filtered by any clause,
 * because then Looker Studio holds a filter the request does not carry.
 */
export function compileFilters(
  groups: FilterClause[][],
  catalog: FieldCatalog,
  zone: string,
  filterOnlyFields: string[],
): FilterOutcome {
  rejectUnsafeValues(groups);
  const filtered = new Set(groups.flat().map((clause) => clause.fieldName));
  if (filterOnlyFields.some((name) => !filtered.has(name))) return NOT_APPLIED;
  const predicates: Predicate[] = [];
  for (const group of groups) {
    const clauses = group.map((clause) => compileClause(clause, catalog, zone));
    if (clauses.length === 0 || clauses.includes(undefined)) return NOT_APPLIED;
    predicates.push(joinPredicates(clauses as Predicate[], 'OR'));
  }
  return { applied: true, predicates };
}

function compileClause(clause: FilterClause, catalog: FieldCatalog, zone: string): Predicate | undefined {
  const binding = catalog.bindings.get(clause.fieldName);
  // Query fields (no column) are filled after the query, and locations are reformatted after it ("lat, lon"):
  // a filter on either compares Looker's values, which SQL does not see, so Looker applies it.
  if (!binding || binding.role !== 'dimension' || binding.column === undefined || binding.format === 'latLon')
    return undefined;
  const domain = toFilterDomain(binding, zone);
  if (clause.operator === 'IS_NULL') {
    return { sql: `${domain.expression} ${clause.type === 'EXCLUDE' ? 'IS NOT NULL' : 'IS NULL'}` };
  }
  const predicate = domain.compile(clause.operator, clause.values);
  return predicate && clause.type === 'EXCLUDE' ? negatePredicate(predicate) : predicate;
}

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function rejectUnsafeValues(groups: FilterClause[][]): void {
  for (const clause of groups.flat()) {
    for (const value of clause.values) {
      if (value.includes('\u0000') || UNPAIRED_SURROGATE.test(value)) {
        throw new InvalidRequestError(
          `A filter value on field "${clause.fieldName}" contains a NUL character or an invalid Unicode sequence.`,
          { fieldName: clause.fieldName },
        );
      }
    }
  }
}
