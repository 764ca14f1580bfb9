/**
 * The stepped configuration (docs/reference-looker-studio.md#getconfig-and-stepped-configuration) as pure data:
 * database → table → date-range column → time zone, row limit and raw-rows option (final step). Each step repeats every
 * earlier entry unchanged (additive, immutable) and depends only on the answers and the proxy's catalog (idempotent).
 * Entries that decide later ones are dynamic and never overridable; an answer that is not among the offered options is
 * a user error. Rendering to the DataStudioApp builder is configRender.ts.
 */
import type { CatalogResponse, TableSchemaResponse } from '../../../protocol/contract';
import {
  answerOf,
  CONFIG_IDS,
  MAX_ROW_LIMIT,
  NO_DATE_COLUMN,
  parseRowLimit,
  parseTimeZone,
  DEFAULT_TIME_ZONE,
  DEFAULT_CACHE_MINUTES,
  MAX_CACHE_MINUTES,
  parseCacheMinutes,
} from './connectorConfig';
import { ConnectorError } from '../errors';
import type { ConfigParams } from '../lookerTypes';

/** One choice of a select entry. */
export interface ConfigOption {
  label: string;
  value: string;
}

/** One config question; selects are always dynamic (they decide the next steps). */
export type ConfigEntry =
  | { kind: 'select'; id: string; label: string; helpText: string; options: ConfigOption[] }
  | { kind: 'text'; id: string; label: string; helpText: string; placeholder: string; overridable: boolean }
  | { kind: 'checkbox'; id: string; label: string; helpText: string; overridable: boolean };

/** One response of the stepped configuration. */
export interface ConfigStep {
  entries: ConfigEntry[];
  isSteppedConfig: boolean;
  /** Set on the final step: true exactly when a date-range column was chosen. */
  dateRangeRequired?: boolean;
}

/** Proxy look-ups, called only when the step needs them. */
export interface ConfigLookups {
  catalog(): CatalogResponse;
  tableSchema(database: string, table: string): TableSchemaResponse;
}

const MAX_ROWS_TEXT = String(MAX_ROW_LIMIT).replace(/\B(?=(\d{3})+$)/g, ',');

/**
 * Option values must be non-empty with no spaces or commas
 * (docs/reference-looker-studio.md#getconfig-and-stepped-configuration); other names cannot be offered.
 */
const isOptionValue = (name: string) => name.length > 0 && !/[\s,]/.test(name);
const optionsOf = (names: string[]): ConfigOption[] => names.filter(isOptionValue).map((n) => ({ label: n, value: n }));

/** The config for the answers so far (`params` is undefined on the first call). */
export function buildConfigStep(params: ConfigParams | undefined, lookups: ConfigLookups): ConfigStep {
  const catalog = lookups.catalog();
  const databaseEntry = select(
    CONFIG_IDS.database,
    'Database',
    'The databases the query proxy exposes.',
    optionsOf(catalog.databases.map((d) => d.name)),
  );
  if (databaseEntry.options.length === 0) {
    throw new ConnectorError('The query proxy exposes no databases. Ask the data owner which tables are shared.');
  }
  const database = chosen(params, databaseEntry);
  if (!database) return { entries: [databaseEntry], isSteppedConfig: true };

  const tables = catalog.databases.find((d) => d.name === database)?.tables ?? [];
  const tableEntry = select(CONFIG_IDS.table, 'Table', `The tables of ${database}.`, optionsOf(tables));
  const table = chosen(params, tableEntry);
  if (!table) return { entries: [databaseEntry, tableEntry], isSteppedConfig: true };

  const dateEntry = dateColumnEntry(lookups.tableSchema(database, table));
  const dateColumn = chosen(params, dateEntry);
  if (!dateColumn) return { entries: [databaseEntry, tableEntry, dateEntry], isSteppedConfig: true };

  parseTimeZone(answerOf(params, CONFIG_IDS.timeZone));
  parseRowLimit(answerOf(params, CONFIG_IDS.rowLimit));
  parseCacheMinutes(answerOf(params, CONFIG_IDS.cacheMinutes));
  return {
    entries: [databaseEntry, tableEntry, dateEntry, ...finalEntries()],
    isSteppedConfig: false,
    dateRangeRequired: dateColumn !== NO_DATE_COLUMN,
  };
}

function select(id: string, label: string, helpText: string, options: ConfigOption[]) {
  return { kind: 'select' as const, id, label, helpText, options };
}

/** The answer to a select, which must be one of its options; undefined when unanswered. */
function chosen(params: ConfigParams | undefined, entry: ReturnType<typeof select>): string | undefined {
  const answer = answerOf(params, entry.id);
  if (answer !== undefined && !entry.options.some((o) => o.value === answer)) {
    throw new ConnectorError(`"${answer}" is not an available ${entry.label.toLowerCase()}. Pick one from the list.`);
  }
  return answer;
}

/** The suggested column comes first (selects have no default value), "(none)" last unless there is nothing else. */
function dateColumnEntry(schema: TableSchemaResponse) {
  const suggested = schema.defaultDateColumn;
  const ordered = suggested ? [suggested, ...schema.dateColumns.filter((c) => c !== suggested)] : schema.dateColumns;
  const options = optionsOf(ordered).map((o) =>
    o.value === suggested ? { ...o, label: `${o.label} (suggested)` } : o,
  );
  const none = { label: 'None: no date range, reports read every row', value: NO_DATE_COLUMN };
  return select(
    CONFIG_IDS.dateColumn,
    'Date range column',
    'The column the report date range filters on; it also limits which partitions are read. ' +
      'Pick None for tables without dates.' +
      excludedText(schema),
    [...options, none],
  );
}

/** Columns the proxy cannot expose, named with the reason, so nothing disappears without a trace. */
export function excludedText(schema: TableSchemaResponse): string {
  if (schema.excluded.length === 0) return '';
  const listed = schema.excluded.map((e) => `${e.column} (${e.type}): ${e.reason}`).join('; ');
  return ` Columns not offered as fields: ${listed}`;
}

function finalEntries(): ConfigEntry[] {
  return [
    {
      kind: 'text',
      id: CONFIG_IDS.timeZone,
      label: 'Time zone',
      helpText: `IANA time zone of the date range and of date/time values, e.g. Europe/Berlin. Default ${DEFAULT_TIME_ZONE}.`,
      placeholder: DEFAULT_TIME_ZONE,
      overridable: true,
    },
    {
      kind: 'text',
      id: CONFIG_IDS.rowLimit,
      label: 'Row limit',
      helpText: `Most rows one chart receives, 1 to ${MAX_ROWS_TEXT}. Default ${MAX_ROWS_TEXT}.`,
      placeholder: String(MAX_ROW_LIMIT),
      overridable: true,
    },
    {
      kind: 'checkbox',
      id: CONFIG_IDS.rawRows,
      label: 'Raw rows (turn off aggregation pushdown)',
      helpText:
        'Off (default): the proxy returns one pre-aggregated row per combination of dimensions plus a Record Count, ' +
        'exact for SUM, MIN, MAX, COUNT and AVG and much faster. Turn it on to get raw rows when you need ' +
        'aggregations that cannot be pushed down, like COUNT_DISTINCT on a metric. Refresh the fields after changing it.',
      // It changes the schema, and overridable parameters must not
      // (docs/reference-looker-studio.md#getconfig-and-stepped-configuration).
      overridable: false,
    },
    {
      kind: 'text',
      id: CONFIG_IDS.cacheMinutes,
      label: 'Cache lifetime (minutes)',
      helpText:
        `How old a cached result may be before the lake is queried again, 0 to ${MAX_CACHE_MINUTES} minutes ` +
        `(0: always query, more: cheaper). Default ${DEFAULT_CACHE_MINUTES}.`,
      placeholder: String(DEFAULT_CACHE_MINUTES),
      overridable: true,
    },
  ];
}
