/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * One run's answer on the page: the rows as a table, what the answer's stats say (every key the proxy sends,
 * rendered as it comes, so new stats show up without a page change), the cost and timings, and the SQL.
 */
import type { LookerValue, QueryResultResponse } from '../../../protocol/contract';
import type { QueryRun } from './api';
import { el } from './dom';

export function renderRows(table: HTMLTableElement, answer: QueryResultResponse): void {
  const caption = table.querySelector('caption');
  table.replaceChildren(...(caption ? [caption] : []));
  const head = el('thead', {}, el('tr', {}, ...answer.schema.map((column) => el('th', { scope: 'col' }, column.name))));
  const body = el(
    'tbody',
    {},
    ...answer.rows.map((row) =>
      el(
        'tr',
        {},
        ...row.map((value, i) =>
          el('td', answer.schema[i]?.dataType === 'NUMBER' ? { class: 'num' } : {}, cellText(value)),
        ),
      ),
    ),
  );
  table.append(head, body);
}

/** How a value is shown: as the proxy sent it (`null` for null), so the table can be compared with the API. */
export function cellText(value: LookerValue): string {
  return value === null ? 'null' : String(value);
}

export function renderStats(container: HTMLElement, run: QueryRun, answer?: QueryResultResponse): void {
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(answer?.stats ?? {})) entries.push([`stats.${key}`, statText(value)]);
  if (run.costUsd) {
    entries.push(['cost (Athena list price, USD)', String(run.costUsd.scanned)]);
    if (run.costUsd.estimated !== undefined) entries.push(['estimated cost (USD)', String(run.costUsd.estimated)]);
  }
  if (answer) {
    entries.push(['rows', `${answer.rows.length} shown of ${answer.page.totalRows} (page 1 of ${answer.page.count})`]);
    entries.push(['filtersApplied', String(answer.filtersApplied)]);
    if (answer.truncated) entries.push(['truncated', 'true: more rows matched than the limit']);
  }
  entries.push(['workbench round trip', `${run.elapsedMs} ms (${run.polls} polls of a 202)`]);
  entries.push(['HTTP status', String(run.status)]);
  container.replaceChildren(
    el('h3', {}, 'Stats'),
    el('dl', {}, ...entries.flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, value)])),
  );
}

function statText(value: unknown): string {
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function renderSql(container: HTMLElement, run: QueryRun): void {
  const note =
    run.sql.length === 0
      ? 'The engine ran no statement for this answer.'
      : run.sqlFromEarlierRun
        ? 'Served from the proxy cache; this is the SQL of the run that filled it.'
        : `The engine ran ${run.sql.length === 1 ? 'this statement' : `${run.sql.length} statements`}:`;
  container.replaceChildren(
    el('h3', {}, 'SQL'),
    el('p', { class: 'note' }, note),
    ...run.sql.map((sql) => el('pre', {}, sql)),
  );
}
