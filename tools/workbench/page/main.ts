/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** The workbench page: wires the catalog, the field lists, the chart builder, the answer and the event sender. */
import type {
  CatalogResponse,
  HealthResponse,
  QueryResultResponse,
  TableSchemaResponse,
} from '../../../protocol/contract';
import { apiPath } from '../../../protocol/routes';
import { callProxy, errorText, runQuery } from './api';
import { renderChart } from './chart';
import { byId, el } from './dom';
import { setUpEventSender } from './events';
import { checkedNames, renderFields } from './fields';
import { addFilterRow, readFilters } from './filters';
import { renderRows, renderSql, renderStats } from './results';
import { toQuerySpec } from './spec';

const page = {
  table: () => byId<HTMLSelectElement>('table'),
  rawRows: () => byId<HTMLInputElement>('raw-rows'),
  dateColumn: () => byId<HTMLSelectElement>('date-column'),
  error: () => byId('error'),
};
let schema: TableSchemaResponse | undefined;

async function loadCatalog(): Promise<void> {
  const health = await callProxy('GET', apiPath.health());
  const about = health.body as HealthResponse;
  byId('health').textContent =
    health.status === 200 ? `Proxy engine ${about.engine}, signed as ${about.identity}.` : errorText(health);
  const catalog = await callProxy('GET', apiPath.catalog());
  if (catalog.status !== 200) return showError(errorText(catalog));
  const tables = (catalog.body as CatalogResponse).databases.flatMap((db) => db.tables.map((t) => `${db.name}.${t}`));
  byId('catalog').replaceChildren(...tables.map((name) => el('li', {}, el('code', {}, name))));
  page.table().replaceChildren(...tables.map((name) => el('option', { value: name }, name)));
  await loadTable();
}

async function loadTable(): Promise<void> {
  const [database, table] = splitTable(page.table().value);
  const answer = await callProxy('GET', apiPath.tableSchema(database, table, !page.rawRows().checked));
  if (answer.status !== 200) return showError(errorText(answer));
  schema = answer.body as TableSchemaResponse;
  renderFields(schema.fields, {
    dimensions: byId('dimensions'),
    metrics: byId('metrics'),
    hidden: byId('hidden-fields'),
  });
  const dates = schema.dateColumns;
  page
    .dateColumn()
    .replaceChildren(
      el('option', { value: '' }, '(none)'),
      ...dates.map((c) => el('option', { value: c, selected: c === schema?.defaultDateColumn }, c)),
    );
  const excluded = schema.excluded.map((e) => `${e.column} (${e.reason})`).join(', ');
  byId('table-note').textContent =
    `${schema.columns.length} columns, partition keys: ${schema.partitionKeys.join(', ') || 'none'}; ` +
    `${schema.aggregate ? 'aggregation pushdown' : 'raw rows'}${excluded ? `; excluded: ${excluded}` : ''}.`;
  byId('filters')
    .querySelectorAll('.filter')
    .forEach((row) => row.remove());
}

async function run(): Promise<void> {
  if (!schema) return;
  const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
  const spec = toQuerySpec({
    database: schema.database,
    table: schema.table,
    dimensions: checkedNames(byId('dimensions')),
    metrics: checkedNames(byId('metrics')),
    dateColumn: page.dateColumn().value || undefined,
    startDate: value('start-date') || undefined,
    endDate: value('end-date') || undefined,
    timeZone: value('time-zone') || undefined,
    limit: Number(value('row-limit')) || undefined,
    rawRows: page.rawRows().checked,
    filters: readFilters(byId('filters')),
  });
  byId('spec').querySelector('pre')!.textContent = JSON.stringify(spec, null, 2);
  byId('run').setAttribute('aria-busy', 'true');
  const result = await runQuery(spec).finally(() => byId('run').removeAttribute('aria-busy'));
  const answer = result.status === 200 ? (result.body as QueryResultResponse) : undefined;
  showError(answer ? '' : errorText(result));
  renderStats(byId('stats'), result, answer);
  renderSql(byId('sql'), result);
  const table = byId<HTMLTableElement>('results');
  if (answer) {
    renderRows(table, answer);
    renderChart(byId('chart'), { schema: answer.schema, rows: answer.rows, fields: schema.fields });
  } else {
    table.querySelectorAll('thead, tbody').forEach((part) => part.remove());
    byId('chart').replaceChildren();
  }
  byId('results').setAttribute('data-state', answer ? 'answered' : 'failed');
}

/** Looker Studio filters on dimensions (`dimensionsFilters`): the visible dimension ids. */
function filterableNames(): string[] {
  const fields = schema?.fields ?? [];
  return fields.filter((f) => !f.isHidden && f.semantics.conceptType === 'DIMENSION').map((f) => f.name);
}

function splitTable(value: string): [string, string] {
  const dot = value.indexOf('.');
  return [value.slice(0, dot), value.slice(dot + 1)];
}

function showError(text: string): void {
  page.error().textContent = text;
}

function start(): void {
  const failed = (err: unknown) => showError(err instanceof Error ? err.message : String(err));
  page.table().addEventListener('change', () => void loadTable().catch(failed));
  page.rawRows().addEventListener('change', () => void loadTable().catch(failed));
  byId('add-filter').addEventListener('click', () => addFilterRow(byId('filters'), filterableNames()));
  byId<HTMLFormElement>('builder').addEventListener('submit', (event) => {
    event.preventDefault();
    void run().catch(failed);
  });
  void loadCatalog().catch(failed);
  void setUpEventSender().catch(failed);
}

start();
