/**
 * Athena's data errors → the port's kind DATA, over the reason formats docs/athena.md#data-errors lists with their
 * sources (AWS knowledge-center examples and Trino's Hive connector wording), and the scrubbing of every other
 * failure text.
 */
import type { QueryExecution } from '@aws-sdk/client-athena';
import {
  athenaDataFailure,
  locateDataFailure,
  parseS3Location,
  tablesNamedIn,
} from '../../../../proxy/src/engines/athena/dataErrors';
import { toEngineQueryStatus, toTerminalError } from '../../../../proxy/src/engines/athena/queryStatus';
import type { TableDescription } from '../../../../proxy/src/port';

const orders: TableDescription = {
  database: 'lake',
  table: 'orders',
  columns: [],
  properties: {},
  isView: false,
  location: 's3://lake-bucket-123/raw/orders/',
};
const ordersV2: TableDescription = { ...orders, table: 'orders_v2', location: 's3://lake-bucket-123/raw/orders-v2' };

/** Reasons as Athena words them (docs/athena.md#data-errors), on objects of the `orders` table. */
const REASONS = {
  badValue:
    'HIVE_BAD_DATA: Error parsing field value \'0.54\' for field 0: For input string: "0.54" This query ran against the "lake" database, unless qualified by the query. Please post the error message on our forum or contact customer support with Query Id: bd50793b-94fc-42a7-b131-b7c81da273b2',
  truncated:
    'HIVE_BAD_DATA: Malformed Parquet file. Expected magic number: PAR1 got: \u0000\u0001ab [s3://lake-bucket-123/raw/orders/dt=2024-01-02/zz-truncated.parquet]',
  pages: 'HIVE_CURSOR_ERROR: Failed to read Parquet file: s3://lake-bucket-123/raw/orders/dt=2024-01-02/part-0.parquet',
  json: "HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: A JSONObject text must end with '}' at 2 [character 3 line 1]",
  split:
    'HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split s3://lake-bucket-123/raw/orders/dt=2024-01-02/x.parquet (offset=0, length=46181784): Index 10 out of bounds for length 10',
  slowDown:
    'HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split s3://lake-bucket-123/raw/orders/dt=2020-05-29/part-00000.snappy.parquet (offset=0, length=18614): Slow Down (Service: Amazon S3; Status Code: 503; Error Code: 503 Slow Down;',
  schema:
    'HIVE_PARTITION_SCHEMA_MISMATCH: There is a mismatch between the table and partition schemas. The types are incompatible and cannot be coerced.',
  unknownWithFile: 'HIVE_UNKNOWN_ERROR: Unable to read s3://lake-bucket-123/raw/orders/dt=2024-01-03/a.json',
  unknownWithout: 'HIVE_UNKNOWN_ERROR: com.amazonaws.SdkClientException: Unable to execute HTTP request',
};

describe('athenaDataFailure', () => {
  it.each([
    ['truncated', 'dt=2024-01-02/zz-truncated.parquet'],
    ['pages', 'dt=2024-01-02/part-0.parquet'],
    ['split', 'dt=2024-01-02/x.parquet'],
    ['unknownWithFile', 'dt=2024-01-03/a.json'],
  ] as const)('%s: DATA, the key relative to the table location, no bucket', (name, file) => {
    const failure = athenaDataFailure(REASONS[name], [orders, ordersV2]);
    expect(failure).toMatchObject({ category: 'SYSTEM', kind: 'DATA', data: { table: 'orders', file } });
    expect(failure!.message).not.toMatch(/lake-bucket|s3:\/\//);
    expect(failure!.message).toContain(file);
  });

  it.each(['badValue', 'json', 'schema'] as const)('%s names no file: DATA for the one table read', (name) => {
    const failure = athenaDataFailure(REASONS[name], [orders]);
    expect(failure).toMatchObject({ kind: 'DATA', data: { table: 'orders' } });
    expect(failure!.data?.file).toBeUndefined();
    expect(failure!.message).not.toMatch(/This query ran against|Query Id/);
  });

  it('without the table descriptions, the key keeps its prefix but never the bucket', () => {
    const failure = athenaDataFailure(REASONS.pages);
    expect(failure?.data).toEqual({ file: 'raw/orders/dt=2024-01-02/part-0.parquet' });
    expect(failure!.message).toBe('HIVE_CURSOR_ERROR: Failed to read Parquet file: part-0.parquet');
  });

  it('an object of another bucket is not the table, even under the same prefix', () => {
    const reason = REASONS.pages.replace('lake-bucket-123', 'other-bucket');
    expect(athenaDataFailure(reason, [orders, ordersV2])?.data).toEqual({
      file: 'raw/orders/dt=2024-01-02/part-0.parquet',
    });
  });

  it('the longest location wins (orders-v2 is not under orders/)', () => {
    const reason = 'HIVE_CURSOR_ERROR: Failed to read Parquet file: s3://lake-bucket-123/raw/orders-v2/dt=1/a.parquet';
    expect(athenaDataFailure(reason, [orders, ordersV2])?.data).toEqual({ table: 'orders_v2', file: 'dt=1/a.parquet' });
  });

  it.each(['slowDown', 'unknownWithout'] as const)('%s is not a data error', (name) => {
    expect(athenaDataFailure(REASONS[name], [orders])).toBeUndefined();
  });
});

describe('the Athena engine status and terminal errors', () => {
  const failed = (reason: string, category = 3): QueryExecution => ({
    Status: {
      State: 'FAILED',
      StateChangeReason: reason,
      AthenaError: { ErrorCategory: category, ErrorMessage: reason },
    },
  });

  it('a data error is a 502 DATA_UNREADABLE naming the file, never a 400', () => {
    const status = toEngineQueryStatus('q-1', failed(REASONS.truncated, 2));
    expect(status.error?.kind).toBe('DATA');
    const error = toTerminalError(status)!;
    expect(error.code).toBe('DATA_UNREADABLE');
    expect(error.status).toBe(502);
    expect(JSON.stringify(error.toBody())).not.toMatch(/lake-bucket|s3:\/\//);
  });

  it('other failure texts lose their S3 locations (no results bucket in a USER message)', () => {
    const reason = 'SYNTAX_ERROR: line 1:8: Column x cannot be resolved; see s3://athena-results-999/x/abc.csv';
    const status = toEngineQueryStatus('q-2', failed(reason, 2));
    expect(status.error).toMatchObject({ category: 'USER', kind: 'SYNTAX' });
    expect(status.error!.message).toBe('SYNTAX_ERROR: line 1:8: Column x cannot be resolved; see abc.csv');
  });

  it('locateDataFailure describes the tables the SQL names and names the file relative to the holder', async () => {
    const status = toEngineQueryStatus('q-3', failed(REASONS.pages));
    const described: string[] = [];
    const located = await locateDataFailure(
      status,
      { sql: 'SELECT count(*) AS "c" FROM "lake"."orders" WHERE "dt" = \'2024-01-02\'', reason: REASONS.pages },
      {
        databases: ['lake'],
        describe: async (database, table) => {
          described.push(`${database}.${table}`);
          return orders;
        },
      },
    );
    expect(described).toEqual(['lake.orders']);
    expect(located.error?.data).toEqual({ table: 'orders', file: 'dt=2024-01-02/part-0.parquet' });
  });

  it('a table that cannot be described leaves the failure as it was', async () => {
    const status = toEngineQueryStatus('q-4', failed(REASONS.pages));
    const located = await locateDataFailure(
      status,
      { sql: 'SELECT 1 FROM "lake"."orders"', reason: REASONS.pages },
      { databases: ['lake'], describe: () => Promise.reject(new Error('AccessDenied')) },
    );
    expect(located).toEqual(status);
  });
});

describe('helpers', () => {
  it('parseS3Location', () => {
    expect(parseS3Location('s3://b/raw/orders')).toEqual({ bucket: 'b', prefix: 'raw/orders/' });
    expect(parseS3Location('s3://b/')).toEqual({ bucket: 'b', prefix: '' });
    expect(parseS3Location('/tmp/lake/orders')).toBeUndefined();
  });

  it('tablesNamedIn reads quoted "db"."table" references, doubled quotes included', () => {
    expect(tablesNamedIn('SELECT "a"."b" FROM "lake"."we""ird" JOIN "lake"."orders" ON 1=1')).toEqual([
      { database: 'a', table: 'b' },
      { database: 'lake', table: 'we"ird' },
      { database: 'lake', table: 'orders' },
    ]);
  });
});
