/**
 * Wire contract v1 between the Looker Studio connector and the proxy: the single source of truth.
 *
 * The connector never sends SQL, only a {@link QuerySpec}; the proxy answers with rows already in Looker Studio's
 * value formats and in request field order, so the connector does one JSON.parse and returns.
 * Golden examples of every message live in `test/contract/*.json` and are asserted by both sides.
 *
 * Routes (all relative to the proxy base URL, e.g. `https://abc.execute-api.us-east-1.amazonaws.com/prod`; every
 * request is SigV4-signed for service `execute-api`):
 *
 * | method | path                                         | request        | 200 response            |
 * |--------|----------------------------------------------|----------------|-------------------------|
 * | GET    | /v1/health                                   | —              | {@link HealthResponse}  |
 * | GET    | /v1/catalog                                  | —              | {@link CatalogResponse} |
 * | GET    | /v1/databases/{db}/tables/{table}[?aggregate=false] | —       | {@link TableSchemaResponse} |
 * | POST   | /v1/queries                                  | {@link QuerySpec} | {@link QueryResultResponse}, or 202 {@link QueryPendingResponse} |
 * | GET    | /v1/queries/{queryId}[?cursor=…]             | —              | {@link QueryResultResponse}, or 202 {@link QueryPendingResponse} |
 * | DELETE | /v1/queries/{queryId}                        | —              | {@link CancelResponse}  |
 *
 * Every non-2xx answer has the body {@link ErrorBody}.
 */

export type { ErrorBody, ErrorCode } from './errors';

export const CONTRACT_VERSION = 'v1' as const;

/**
 * Keyless mode (docs/keyless.md): the viewer's OpenID Connect ID token, sent and SigV4-signed with every call made
 * with temporary credentials from AssumeRoleWithWebIdentity. The proxy verifies it and requires it to name the same
 * user as the STS session; it is never logged.
 */
export const IDENTITY_TOKEN_HEADER = 'x-identity-token' as const;

/** Looker Studio `dataType` of a field (docs/reference-looker-studio.md#field-json-and-data-types). */
export type DataType = 'STRING' | 'NUMBER' | 'BOOLEAN';
export type ConceptType = 'DIMENSION' | 'METRIC';
export type AggregationType = 'SUM' | 'MIN' | 'MAX' | 'COUNT' | 'COUNT_DISTINCT' | 'AVG' | 'AUTO' | 'NONE';

/** A Looker Studio field, in exactly the JSON shape `getSchema` returns (keys omitted when unset). */
export interface LookerField {
  /** Matches `^[A-Za-z0-9_]+$`, unique within a table. */
  name: string;
  label: string;
  description?: string;
  dataType: DataType;
  group?: string;
  formula?: string;
  isDefault?: boolean;
  /** Hidden from field pickers but usable in formulas (e.g. the count behind an average). Formula fields are never hidden. */
  isHidden?: boolean;
  defaultAggregationType?: AggregationType;
  semantics: {
    conceptType: ConceptType;
    semanticType: string;
    semanticGroup?: 'NUMERIC' | 'DATETIME' | 'GEO' | 'CURRENCY';
    isReaggregatable?: boolean;
  };
}

/** A single value in a row: Looker Studio format (`YYYYMMDD`, numbers, booleans, null); big/precise numbers as text. */
export type LookerValue = string | number | boolean | null;

/** GET /v1/health — also proves the signature and tells the caller who the proxy thinks it is. */
export interface HealthResponse {
  status: 'ok';
  version: typeof CONTRACT_VERSION;
  /** The engine's own name (`duckdb`, `athena`, …), as the engine reports it. */
  engine: string;
  /** The caller identity the proxy derived from the signature (access key id or IAM ARN); never a secret. */
  identity: string;
}

/** GET /v1/catalog — only databases and tables the data owner exposes. */
export interface CatalogResponse {
  databases: { name: string; tables: string[] }[];
}

/** A table column as the engine (Glue/Athena or DuckDB) reports it; `type` uses Athena's type spelling. */
export interface ColumnInfo {
  name: string;
  /** Lower-case Athena/Hive type text, e.g. `bigint`, `decimal(10,2)`, `timestamp`, `array<string>`. */
  type: string;
  partitionKey: boolean;
  comment?: string;
}

/** GET /v1/databases/{db}/tables/{table} */
export interface TableSchemaResponse {
  database: string;
  table: string;
  columns: ColumnInfo[];
  partitionKeys: string[];
  /** Columns usable as the data source's date-range column (date/timestamp columns, `dt`-style partitions). */
  dateColumns: string[];
  /** The suggested date-range column, when the table has one. */
  defaultDateColumn?: string;
  /** Whether `fields` describes the aggregation-pushdown schema (default) or raw rows. */
  aggregate: boolean;
  fields: LookerField[];
  /** Columns that cannot be exposed (e.g. binary), with the reason: nothing is silently dropped. */
  excluded: { column: string; type: string; reason: string }[];
  /** Present when the table's data is messy (docs/lakes.md#messy-files): files left out or read in part. */
  problems?: TableProblem[];
}

/**
 * Something of a table's data its answers leave out, with the reason: a file (relative to the table's folder, never
 * a machine path) left out or read in part, or a note about a column (no `file`).
 */
export interface TableProblem {
  file?: string;
  reason: string;
  /** Records of the file skipped while the rest of it is read; absent when the whole file is left out. */
  records?: number;
}

export const FILTER_OPERATORS = [
  'EQUALS',
  'CONTAINS',
  'REGEXP_PARTIAL_MATCH',
  'REGEXP_EXACT_MATCH',
  'IN_LIST',
  'IS_NULL',
  'BETWEEN',
  'NUMERIC_GREATER_THAN',
  'NUMERIC_GREATER_THAN_OR_EQUAL',
  'NUMERIC_LESS_THAN',
  'NUMERIC_LESS_THAN_OR_EQUAL',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/**
 * One Looker Studio filter clause (docs/reference-looker-studio.md#filters). Values on date fields use Looker format.
 */
export interface FilterClause {
  fieldName: string;
  values: string[];
  type: 'INCLUDE' | 'EXCLUDE';
  operator: FilterOperator;
}

/** POST /v1/queries — the structured query. Never SQL. */
export interface QuerySpec {
  database: string;
  table: string;
  /** Requested field ids in the order Looker Studio wants them back. */
  fields: { name: string; forFilterOnly?: boolean }[];
  /** `YYYY-MM-DD`, both ends inclusive, interpreted in `timeZone`. Requires `dateColumn`. */
  dateRange?: { startDate: string; endDate: string };
  /** The column the date range applies to (a column name from the table schema). */
  dateColumn?: string;
  /** IANA time zone for date ranges and date/time values; default `UTC`. */
  timeZone?: string;
  /** Outer array ANDed, inner arrays ORed. */
  dimensionsFilters?: FilterClause[][];
  /** Maximum rows returned; default and ceiling 1,000,000 (Looker Studio's getData limit). */
  limit?: number;
  /** Aggregation pushdown (one row per dimension combination); default true. */
  aggregate?: boolean;
  /** Looker Studio's `sampleExtraction`: a few representative rows, fast. */
  sample?: boolean;
  /** Looker Studio's `scriptParams.lastRefresh` (ISO date-time): cached results older than this are not used. */
  lastRefresh?: string;
  /** The data source's cache lifetime: cached results (proxy cache, Athena result reuse) older than this many
   *  seconds are not used; 0 means always query. 0…{@link MAX_CACHE_AGE_SECONDS}; default: the proxy's TTL. */
  maxCacheAgeSeconds?: number;
}

/** The longest cache lifetime a data source may ask for (one hour). */
export const MAX_CACHE_AGE_SECONDS = 3600;

/** Statistics returned with every result. */
export interface QueryStats {
  /** The engine's own name, as in {@link HealthResponse}. */
  engine: string;
  bytesScanned: number;
  engineMs: number;
  queueMs: number;
  /** The engine reused a previous result (Athena result reuse). */
  reusedPreviousResult: boolean;
  /** Served from the proxy's own result cache. */
  cached: boolean;
  /**
   * An upper bound, known before any engine work, on the bytes the query's partitions hold (the engine reads less
   * where Parquet column pruning applies; docs/budgets.md#the-estimate). On answers from day tiles (docs/tiles.md)
   * it covers the missing days only, 0 when every day came from tiles; on direct answers the range's partition
   * days. Absent when the proxy cannot list what a query reads (no date range on a day-partitioned column), and
   * on answers read later through GET /v1/queries/{id}.
   */
  estimatedBytes?: number;
  /** Present on answers from day tiles: days in the range, days taken from the tile store, days computed now. */
  tiles?: { days: number; fromStore: number; computed: number };
  /**
   * Present when the engine skipped unreadable data the query would have read (docs/lakes.md#messy-files): records
   * (lines, rows) left out of files it read, and whole files left out.
   */
  skipped?: SkippedData;
}

/** What a query left out of the data it read: records of files read in part, and whole files. */
export interface SkippedData {
  records: number;
  files: number;
}

/** 200 answer of POST /v1/queries and GET /v1/queries/{id}. */
export interface QueryResultResponse {
  queryId: string;
  state: 'SUCCEEDED';
  /** Field ids and data types of the values in each row, in row order (request order; forFilterOnly fields only
   *  when `filtersApplied` is false). This is exactly the `schema` of Looker Studio's getData response. */
  schema: { name: string; dataType: DataType }[];
  rows: LookerValue[][];
  filtersApplied: boolean;
  /** Rows are split into pages; page 0 comes with the first answer, the others are fetched with their cursors. */
  page: { index: number; count: number; totalRows: number };
  /** On page 0 only: one opaque cursor per following page (fetch them in parallel with GET ?cursor=). */
  cursors?: string[];
  /** Present (true) when the query matched more rows than the request's limit: only the first `limit` rows are
   *  served, so the result is incomplete and must not be shown as if it were whole. */
  truncated?: true;
  stats: QueryStats;
}

/** 202 answer: the query is still running; poll GET /v1/queries/{queryId} with backoff. */
export interface QueryPendingResponse {
  queryId: string;
  state: 'QUEUED' | 'RUNNING';
  /** Suggested wait before the next poll. */
  retryAfterMs: number;
}

/** DELETE /v1/queries/{queryId} */
export interface CancelResponse {
  queryId: string;
  state: 'CANCELLED';
}

/** `POST /v1/events` answer: accepted count (including `duplicates`, events whose eventId was already stored) and
 *  each rejected event. */
export interface IngestEventsResponse {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
}
