/**
 * GET /v1/databases/{db}/tables/{table}: the Looker Studio schema of a table.
 */
import type { TableSchemaResponse } from '../../../protocol/contract';
import type { TableDescription } from '../port';
import { resolveFieldCatalog } from './fieldCatalog';

/**
 * Derives the Looker Studio fields of `table` for aggregation pushdown (`aggregate`, the default) or raw rows.
 * Columns that cannot be exposed are listed in `excluded` with a reason, data the engine leaves out in `problems`.
 */
export function deriveTableSchema(table: TableDescription, aggregate: boolean): TableSchemaResponse {
  const catalog = resolveFieldCatalog(table, aggregate);
  return {
    database: table.database,
    table: table.table,
    columns: table.columns,
    partitionKeys: table.columns.filter((column) => column.partitionKey).map((column) => column.name),
    dateColumns: catalog.dateColumns,
    ...(catalog.defaultDateColumn !== undefined ? { defaultDateColumn: catalog.defaultDateColumn } : {}),
    aggregate,
    fields: catalog.fields,
    excluded: catalog.excluded,
    ...(table.problems && table.problems.length > 0 ? { problems: table.problems } : {}),
  };
}
