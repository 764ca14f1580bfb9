/**
 * Table → Looker Studio fields, and field id → how to compute it. `deriveTableSchema` (getSchema) and
 * `compileQuery` (getData) both go through {@link resolveFieldCatalog}, so an id always means the same thing.
 */
import type { LookerField } from '../../../protocol/contract';
import type { TableDescription } from '../port';
import { classifyColumn, isDateClass, type ExcludedColumn, type ResolvedColumn } from './columnClass';
import { FieldIdAllocator } from './fieldNames';
import { dimension, reservedSuffixes, toColumnFields } from './columnFields';
import type { Derivation, FieldBinding, FieldEntry } from './fieldTypes';
import { findCoordinatePairs, resolveColumnSemantics, type CoordinatePair } from './columnSemantics';
import { toMetricField } from './lookerFields';
import { toPushdownRecordCount } from './metricFields';
import { toQueryFieldEntries } from './queryStatFields';
import { readTableHints } from './semanticHints';

export type { Derivation, FieldBinding, FieldEntry };

/** Everything the core derives from a table description for one aggregation mode. */
export interface FieldCatalog {
  aggregate: boolean;
  fields: LookerField[];
  bindings: ReadonlyMap<string, FieldBinding>;
  /** Exposed columns by column name. */
  columns: ReadonlyMap<string, ResolvedColumn>;
  excluded: ExcludedColumn[];
  dateColumns: string[];
  defaultDateColumn?: string;
}

/** The Record Count metric's id; it is allocated first, so a column called `record_count` becomes `record_count_2`. */
export const RECORD_COUNT_ID = 'record_count';

/**
 * Catalogs already resolved, by description. A request resolves its table's catalog several times (compile, day
 * tiles' plan and query, row filters; about 0.5–0.7 ms each for a 14-column table), and descriptions are never
 * changed in place: an engine describes a changed table as a new object (tableDescriptions.ts keeps them).
 */
const resolvedCatalogs = new WeakMap<TableDescription, { aggregate?: FieldCatalog; raw?: FieldCatalog }>();

/**
 * Resolves every column of `table` into fields. Ids are allocated in a fixed order — the record count, then each
 * column's own id in table order, then derived ids (`_date`, `_min`, …) — so real column names keep their names
 * and the result depends only on the table description. The answer is shared and frozen.
 */
export function resolveFieldCatalog(table: TableDescription, aggregate: boolean): FieldCatalog {
  let byMode = resolvedCatalogs.get(table);
  if (!byMode) resolvedCatalogs.set(table, (byMode = {}));
  const mode = aggregate ? 'aggregate' : 'raw';
  return (byMode[mode] ??= freezeCatalog(buildFieldCatalog(table, aggregate)));
}

function freezeCatalog(catalog: FieldCatalog): FieldCatalog {
  Object.freeze(catalog.fields);
  Object.freeze(catalog.excluded);
  Object.freeze(catalog.dateColumns);
  return Object.freeze(catalog);
}

function buildFieldCatalog(table: TableDescription, aggregate: boolean): FieldCatalog {
  const { resolved, excluded } = classifyColumns(table);
  const ids = new FieldIdAllocator();
  const recordCountId = ids.allocate(RECORD_COUNT_ID);
  const baseIds = resolved.map((column) => ids.allocate(column.info.name));
  const hints = readTableHints(table.columns, table.properties);
  const pairs = findCoordinatePairs(resolved, hints);
  const paired = new Set(pairs.flatMap((pair) => [pair.lat, pair.lon]));
  // The reserved ids (which saved reports store) are allocated before any newer field's, so none can take one.
  const reserved = resolved.map((column, i) =>
    Object.fromEntries(
      reservedSuffixes(column, aggregate, paired.has(column)).map((suffix) => [
        suffix,
        ids.allocate(`${baseIds[i]}${suffix}`),
      ]),
    ),
  );
  const currency = table.properties['looker.currency']?.trim().toUpperCase();
  const entries = resolved.flatMap((column, i) => {
    const meaning = resolveColumnSemantics(column, hints.columns.get(column.info.name.toLowerCase()) ?? {}, currency);
    const context = { id: baseIds[i], aggregate, ids, reserved: reserved[i], meaning, paired: paired.has(column) };
    return toColumnFields(column, context);
  });
  entries.push(...pairs.map((pair) => toCoordinateEntry(pair, ids.allocate(pair.id))));
  entries.push(...toRecordCountEntries(recordCountId, aggregate, ids, excluded));
  entries.push(...toQueryFieldEntries((wanted) => ids.allocate(wanted)));

  const dateColumns = resolved.filter((column) => isDateClass(column.columnClass));
  const defaultDate = dateColumns.find((column) => column.info.partitionKey) ?? dateColumns[0];
  const defaultDimension = defaultDate ? baseIds[resolved.indexOf(defaultDate)] : firstPlainDimension(entries);
  return {
    aggregate,
    fields: entries.map(({ field }) =>
      field.name === defaultDimension || field.name === recordCountId ? { ...field, isDefault: true } : field,
    ),
    bindings: new Map(entries.map((entry) => [entry.binding.id, entry.binding])),
    columns: new Map(resolved.map((column) => [column.info.name, column])),
    excluded,
    dateColumns: dateColumns.map((column) => column.info.name),
    ...(defaultDate ? { defaultDateColumn: defaultDate.info.name } : {}),
  };
}

/** The table's columns the proxy can offer, and the others with the reason they are not offered. */
function classifyColumns(table: TableDescription): { resolved: ResolvedColumn[]; excluded: ExcludedColumn[] } {
  const resolved: ResolvedColumn[] = [];
  const excluded: ExcludedColumn[] = [];
  for (const info of table.columns) {
    const column = classifyColumn(info, table.properties);
    if ('columnClass' in column) resolved.push(column);
    else excluded.push(column);
  }
  return { resolved, excluded };
}

/** Without a date column, the default dimension is the first that is not a number (else the first at all). */
function firstPlainDimension(entries: FieldEntry[]): string | undefined {
  return (
    entries.find((e) => e.binding.role === 'dimension' && e.binding.column?.columnClass !== 'number') ??
    entries.find((e) => e.binding.role === 'dimension')
  )?.binding.id;
}

/** COUNT(*) per group when aggregating (a formula over the hidden partial count), 1 per row otherwise. */
function toRecordCountEntries(
  id: string,
  aggregate: boolean,
  ids: FieldIdAllocator,
  excluded: ExcludedColumn[],
): FieldEntry[] {
  // The one field every data source has also names the columns that are not offered, and why.
  const note =
    excluded.length === 0 ? '' : ` Columns not offered: ${excluded.map((e) => `${e.column} (${e.reason})`).join('; ')}`;
  if (aggregate) return toPushdownRecordCount(id, (wanted) => ids.allocate(wanted), note);
  return [
    {
      field: toMetricField({ id, label: 'Record Count', description: `Number of rows.${note}` }, 'SUM'),
      binding: { id, role: 'metric', derivation: 'recordCount', format: 'exact', dataType: 'NUMBER' },
    },
  ];
}

/** One LATITUDE_LONGITUDE dimension `"lat, lon"` from two numeric columns. */
function toCoordinateEntry(pair: CoordinatePair, id: string): FieldEntry {
  const description = `Location from columns "${pair.lat.info.name}" (latitude) and "${pair.lon.info.name}" (longitude).`;
  const entry = dimension(pair.lat, 'coordinates', { id, label: pair.label, description }, 'LATITUDE_LONGITUDE');
  return { field: { ...entry.field, group: pair.group }, binding: { ...entry.binding, pairedColumn: pair.lon } };
}
