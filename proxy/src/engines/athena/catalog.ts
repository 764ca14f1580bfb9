/**
 * The Athena engine's catalog: the Glue Data Catalog, seen only through the data owner's allow-list.
 *
 * Nothing outside `databases` (and, per database, `tables` when given) is ever listed or described, so the proxy
 * cannot be used to explore the account. Databases are checked one by one with GetDatabase rather than listed with
 * GetDatabases: the Lambda role is then granted Glue access to the exposed database only, not `database/*`
 * (docs/reference-athena.md#glue-catalog). Glue reports Hive type spelling (`string`, `decimal(10,2)`,
 * `array<string>`, …), passed on lower-cased as ColumnInfo.type.
 */
import {
  GetDatabaseCommand,
  GetTableCommand,
  GetTablesCommand,
  type Column,
  type GlueClient,
  type Table,
} from '@aws-sdk/client-glue';
import type { ColumnInfo } from '../../../../protocol/contract';
import { UnknownDatabaseError, UnknownTableError } from '../../errors';
import type { TableDescription } from '../../port';
import { awsErrorName, retryThrottled, toEngineError, type RetryPolicy } from './awsErrors';

export interface CatalogOptions {
  glue: GlueClient;
  databases: string[];
  tables?: Record<string, string[]>;
  retry: RetryPolicy;
}

export interface GlueCatalog {
  listDatabases(): Promise<string[]>;
  listTables(database: string): Promise<string[]>;
  describeTable(database: string, table: string): Promise<TableDescription>;
}

function toColumn(column: Column, partitionKey: boolean): ColumnInfo {
  const info: ColumnInfo = { name: column.Name ?? '', type: (column.Type ?? '').toLowerCase(), partitionKey };
  if (column.Comment) info.comment = column.Comment;
  return info;
}

/** The port's description of a Glue table: data columns, then partition keys, as Glue lists them. */
export function toTableDescription(database: string, table: Table): TableDescription {
  const columns = (table.StorageDescriptor?.Columns ?? []).map((c) => toColumn(c, false));
  const partitions = (table.PartitionKeys ?? []).map((c) => toColumn(c, true));
  return {
    database,
    table: table.Name ?? '',
    columns: [...columns, ...partitions],
    properties: { ...(table.Parameters ?? {}) },
    isView: table.TableType === 'VIRTUAL_VIEW',
    ...(table.StorageDescriptor?.Location ? { location: table.StorageDescriptor.Location } : {}),
  };
}

/** A catalog over Glue limited to the allow-list. */
export function createGlueCatalog(options: CatalogOptions): GlueCatalog {
  return {
    async listDatabases() {
      const exists = await Promise.all(options.databases.map((name) => databaseExists(options, name)));
      return options.databases.filter((_, i) => exists[i]).sort();
    },
    listTables: (database) => listAllowedTables(options, database),
    describeTable: (database, table) => describeAllowedTable(options, database, table),
  };
}

function assertDatabaseAllowed(options: CatalogOptions, database: string): void {
  if (!options.databases.includes(database)) throw new UnknownDatabaseError(database);
}

function isTableAllowed(options: CatalogOptions, database: string, table: string): boolean {
  const allowed = options.tables?.[database];
  return allowed === undefined || allowed.includes(table);
}

async function databaseExists({ glue, retry }: CatalogOptions, name: string): Promise<boolean> {
  try {
    await retryThrottled(() => glue.send(new GetDatabaseCommand({ Name: name })), retry);
    return true;
  } catch (err) {
    if (awsErrorName(err) === 'EntityNotFoundException') return false;
    throw toEngineError(err, 'read the data catalog');
  }
}

async function listAllowedTables(options: CatalogOptions, database: string): Promise<string[]> {
  const { glue, retry } = options;
  assertDatabaseAllowed(options, database);
  const names: string[] = [];
  try {
    // Paged by hand (not with the SDK paginator) so a throttled page is retried without restarting the listing.
    let nextToken: string | undefined;
    do {
      const input = { DatabaseName: database, NextToken: nextToken };
      const page = await retryThrottled(() => glue.send(new GetTablesCommand(input)), retry);
      for (const table of page.TableList ?? []) if (table.Name) names.push(table.Name);
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (err) {
    if (awsErrorName(err) === 'EntityNotFoundException') throw new UnknownDatabaseError(database);
    throw toEngineError(err, 'list tables');
  }
  return names.filter((name) => isTableAllowed(options, database, name)).sort();
}

async function describeAllowedTable(options: CatalogOptions, database: string, table: string) {
  const { glue, retry } = options;
  assertDatabaseAllowed(options, database);
  if (!isTableAllowed(options, database, table)) throw new UnknownTableError(database, table);
  try {
    const answer = await retryThrottled(
      () => glue.send(new GetTableCommand({ DatabaseName: database, Name: table })),
      retry,
    );
    if (!answer.Table) throw new UnknownTableError(database, table);
    return toTableDescription(database, answer.Table);
  } catch (err) {
    if (awsErrorName(err) === 'EntityNotFoundException') throw new UnknownTableError(database, table);
    throw toEngineError(err, 'describe the table');
  }
}
