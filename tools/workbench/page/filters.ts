/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Filter rows with every Looker Studio operator (protocol/contract.ts FILTER_OPERATORS). Each row is one clause;
 * rows are ANDed. Values are comma-separated (IN_LIST takes several, BETWEEN two, IS_NULL none).
 */
import { FILTER_OPERATORS, type FilterClause, type FilterOperator } from '../../../protocol/contract';
import { el } from './dom';

export function addFilterRow(container: HTMLElement, fieldNames: readonly string[]): void {
  const index = container.querySelectorAll('.filter').length + 1;
  const row = el(
    'div',
    { class: 'filter' },
    el(
      'select',
      { 'aria-label': `Filter ${index} field`, class: 'filter-field' },
      ...fieldNames.map((n) => el('option', {}, n)),
    ),
    el(
      'select',
      { 'aria-label': `Filter ${index} include or exclude`, class: 'filter-type' },
      el('option', {}, 'INCLUDE'),
      el('option', {}, 'EXCLUDE'),
    ),
    el(
      'select',
      { 'aria-label': `Filter ${index} operator`, class: 'filter-operator' },
      ...FILTER_OPERATORS.map((o) => el('option', {}, o)),
    ),
    el('input', { 'aria-label': `Filter ${index} values`, class: 'filter-values', placeholder: 'value, value…' }),
  );
  const remove = el('button', { type: 'button', 'aria-label': `Remove filter ${index}` }, '×');
  remove.addEventListener('click', () => row.remove());
  row.append(remove);
  container.append(row);
}

/** The filter rows as the spec's `dimensionsFilters` (undefined when there are none). */
export function readFilters(container: HTMLElement): FilterClause[][] | undefined {
  const clauses = [...container.querySelectorAll<HTMLElement>('.filter')].map((row): FilterClause => {
    const value = (selector: string) => row.querySelector<HTMLInputElement | HTMLSelectElement>(selector)?.value ?? '';
    const operator = value('.filter-operator') as FilterOperator;
    const raw = value('.filter-values');
    const values = operator === 'IS_NULL' ? [] : splitValues(raw, operator);
    return { fieldName: value('.filter-field'), values, type: value('.filter-type') as FilterClause['type'], operator };
  });
  return clauses.length === 0 ? undefined : clauses.map((clause) => [clause]);
}

function splitValues(raw: string, operator: FilterOperator): string[] {
  if (operator !== 'IN_LIST' && operator !== 'BETWEEN') return [raw];
  return raw.split(',').map((value) => value.trim());
}
