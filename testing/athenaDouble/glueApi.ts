/**
 * Glue Data Catalog operations of the double, answered from the DuckDB engine's lake discovery (describeTable), so
 * the Athena engine sees the same tables, Hive-spelled types and partition keys the DuckDB engine serves.
 * Missing databases and tables are `EntityNotFoundException`, as in Glue (botocore glue service-2.json, GetTable
 * errors); GetTables pages with NextToken like the real API.
 */
import type { Engine } from '../../proxy/src/port';
import { UnknownDatabaseError, UnknownTableError } from '../../proxy/src/errors';
import { AwsFault } from './protocol';

type Input = Record<string, unknown>;

export interface GlueApiOptions {
  engine: Engine;
  catalogId: string;
  /** Tables per GetTables page (small values exercise pagination). */
  tablesPageSize: number;
  /** Declared Glue tables (e.g. generated from event schemas) served instead of the engine's discovery of the same name. */
  declaredTables?: Record<string, { Name: string } & Record<string, unknown>>;
  /** Tables live in this bucket, one folder per table, `dt` partitions projected (server.ts, `lake`). */
  lake?: { bucket: string };
}

/** Athena's default projected layout `<location>/dt=<day>/` for a `dt` partition, as the template declares it. */
function projectionOf(partitionKeys: string[]): Record<string, string> {
  if (!partitionKeys.includes('dt')) return {};
  return {
    'projection.enabled': 'true',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': '2000-01-01,NOW',
  };
}

function notFound(what: string): AwsFault {
  return new AwsFault('EntityNotFoundException', `${what} not found.`);
}

/** Engine lookups whose "unknown" errors become Glue's EntityNotFoundException. */
async function lookup<T>(call: () => Promise<T>, what: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof UnknownDatabaseError || err instanceof UnknownTableError) throw notFound(what);
    throw err;
  }
}

/** A Glue column from an engine column (partition keys and data columns alike). */
function glueColumn(c: { name: string; type: string; comment?: string }) {
  return {
    Name: c.name,
    Type: c.type,
    ...(c.comment ? { Comment: c.comment } : {}),
  };
}

type TableDescription = Awaited<ReturnType<Engine['describeTable']>>;

/** The engine's description of a table, spelled as Glue's GetTable answers it. */
function describedGlueTable(options: GlueApiOptions, database: string, description: TableDescription) {
  const partitionKeys = description.columns.filter((c) => c.partitionKey);
  return {
    Name: description.table,
    DatabaseName: database,
    CatalogId: options.catalogId,
    TableType: description.isView ? 'VIRTUAL_VIEW' : 'EXTERNAL_TABLE',
    StorageDescriptor: {
      Columns: description.columns.filter((c) => !c.partitionKey).map(glueColumn),
      ...(options.lake ? { Location: `s3://${options.lake.bucket}/${description.table}/` } : {}),
    },
    PartitionKeys: partitionKeys.map(glueColumn),
    Parameters: options.lake
      ? { ...description.properties, ...projectionOf(partitionKeys.map((c) => c.name)) }
      : description.properties,
  };
}

/** A declared table (when the database exists) or else the engine's discovery of it. */
async function toGlueTable(options: GlueApiOptions, database: string, name: string) {
  const { engine, catalogId } = options;
  const declared = options.declaredTables?.[name];
  if (declared && (await engine.listDatabases()).includes(database))
    return { ...declared, DatabaseName: database, CatalogId: catalogId };
  const description = await lookup(() => engine.describeTable(database, name), `Table ${name}`);
  return describedGlueTable(options, database, description);
}

/** One Glue action: reads the request, answers with the response body or throws an AwsFault. */
type GlueAction = (options: GlueApiOptions, input: Input) => Promise<unknown>;

async function getDatabase({ engine, catalogId }: GlueApiOptions, input: Input) {
  const name = String(input.Name);
  if (!(await engine.listDatabases()).includes(name)) throw notFound(`Database ${name}`);
  return { Database: { Name: name, CatalogId: catalogId } };
}

async function getDatabases({ engine, catalogId }: GlueApiOptions) {
  return { DatabaseList: (await engine.listDatabases()).map((Name) => ({ Name, CatalogId: catalogId })) };
}

async function getTables(options: GlueApiOptions, input: Input) {
  const database = String(input.DatabaseName);
  const discovered = await lookup(() => options.engine.listTables(database), `Database ${database}`);
  const names = [...new Set([...discovered, ...Object.keys(options.declaredTables ?? {})])].sort();
  const start = input.NextToken ? Number(input.NextToken) : 0;
  const size = Math.min(Number(input.MaxResults ?? options.tablesPageSize), options.tablesPageSize);
  const page = names.slice(start, start + size);
  const tables = await Promise.all(page.map((name) => toGlueTable(options, database, name)));
  return { TableList: tables, ...(start + size < names.length ? { NextToken: String(start + size) } : {}) };
}

async function getTable(options: GlueApiOptions, input: Input) {
  return { Table: await toGlueTable(options, String(input.DatabaseName), String(input.Name)) };
}

/**
 * The implemented actions, keyed by the name after `AWSGlue.` in X-Amz-Target. A Map, not an object literal: a
 * target such as `AWSGlue.toString` must be an unknown operation, not a hit on Object.prototype.
 */
const GLUE_ACTIONS = new Map<string, GlueAction>([
  ['GetDatabase', getDatabase],
  ['GetDatabases', getDatabases],
  ['GetTables', getTables],
  ['GetTable', getTable],
]);

export function createGlueApi(options: GlueApiOptions) {
  return {
    async handle(operation: string, input: Input): Promise<unknown> {
      const action = GLUE_ACTIONS.get(operation);
      if (!action)
        throw new AwsFault('UnknownOperationException', `The double does not implement AWSGlue.${operation}.`);
      return action(options, input);
    },
  };
}
