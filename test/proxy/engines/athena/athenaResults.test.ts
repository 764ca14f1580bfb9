/** Athena engine result reading against aws-sdk-client-mock: API first page, S3 CSV path, totals, terminal states. */
import { Readable } from 'node:stream';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryRuntimeStatisticsCommand,
  type Row,
} from '@aws-sdk/client-athena';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  InvalidRequestError,
  QueryCancelledError,
  QueryFailedError,
  ScanLimitExceededError,
  UnknownQueryError,
} from '../../../../proxy/src/errors';
import { encodeAthenaCsvRow } from '../../../../testing/athenaDouble/csv';
import { awsError, execution, mockedEngine } from './mockedEngine';

const row = (...values: (string | null)[]): Row => ({
  Data: values.map((v) => (v === null ? {} : { VarCharValue: v })),
});
const header = row('id', 'name');

/** A result CSV of `count` rows (id, name) delivered in small chunks, as an S3 GetObject body. */
function csvBody(count: number, chunkSize = 64) {
  let text = encodeAthenaCsvRow(['id', 'name']);
  for (let i = 0; i < count; i += 1) text += encodeAthenaCsvRow([String(i), i % 3 === 0 ? null : `n,"${i}"`]);
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(Buffer.from(text.slice(i, i + chunkSize)));
  return { Body: Readable.from(chunks) as never };
}

function succeeded(outputLocation = 's3://results/q-1.csv') {
  return execution('SUCCEEDED', { outputLocation });
}

describe('Athena engine: reading results', () => {
  it('serves a small result from the first GetQueryResults page, without the header row, NULL distinct from ""', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded());
    mocks.athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [header, row('1', null), row('2', ''), row('3', 'c')] } });
    expect(await engine.readResults('q-1', 1, 5)).toEqual({
      rows: [
        ['2', ''],
        ['3', 'c'],
      ],
      totalRows: 3,
    });
    expect(mocks.athena.commandCalls(GetQueryResultsCommand)[0].args[0].input).toEqual({
      QueryExecutionId: 'q-1',
      MaxResults: 1000,
    });
    expect(mocks.s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('reads slices beyond the first page from the result CSV at the execution’s OutputLocation', async () => {
    const { engine, mocks } = mockedEngine();
    // A reused result points at an earlier query's file: the key must come from OutputLocation, not the id.
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded('s3://results/prefix/q-0.csv'));
    mocks.s3.on(GetObjectCommand).callsFake(() => csvBody(2500));
    mocks.athena
      .on(GetQueryRuntimeStatisticsCommand)
      .resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 2500 } } });
    const slice = await engine.readResults('q-1', 1200, 4);
    expect(slice).toEqual({
      rows: [
        ['1200', null],
        ['1201', 'n,"1201"'],
        ['1202', 'n,"1202"'],
        ['1203', null],
      ],
      totalRows: 2500,
    });
    expect(mocks.s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'results',
      Key: 'prefix/q-0.csv',
    });
    expect(mocks.athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('knows the exact total without statistics when the slice reaches the end of the file', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded());
    mocks.s3.on(GetObjectCommand).callsFake(() => csvBody(1003));
    const slice = await engine.readResults('q-1', 1000, 50);
    expect(slice.rows.map((r) => r[0])).toEqual(['1000', '1001', '1002']);
    expect(slice.totalRows).toBe(1003);
    expect(mocks.athena.commandCalls(GetQueryRuntimeStatisticsCommand)).toHaveLength(0);
  });

  it('counts the CSV once when runtime statistics are missing, and remembers the count', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded());
    mocks.athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [header, row('0', 'a'), row('1', 'b')] }, NextToken: 'next' });
    mocks.athena.on(GetQueryRuntimeStatisticsCommand).rejects(awsError('InvalidRequestException', 'not available'));
    mocks.s3.on(GetObjectCommand).callsFake(() => csvBody(4321));
    expect(await engine.readResults('q-1', 0, 2)).toEqual({
      rows: [
        ['0', 'a'],
        ['1', 'b'],
      ],
      totalRows: 4321,
    });
    expect((await engine.readResults('q-1', 0, 1)).totalRows).toBe(4321);
    expect(mocks.s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('ignores runtime statistics that contradict what was already read', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded());
    mocks.athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [header, row('0', 'a')] }, NextToken: 'next' });
    mocks.athena.on(GetQueryRuntimeStatisticsCommand).resolves({ QueryRuntimeStatistics: { Rows: { OutputRows: 0 } } });
    mocks.s3.on(GetObjectCommand).callsFake(() => csvBody(1500));
    expect((await engine.readResults('q-1', 0, 1)).totalRows).toBe(1500);
  });

  it('treats an expired result file as an unknown query', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(succeeded());
    mocks.s3.on(GetObjectCommand).rejects(awsError('NoSuchKey', 'The specified key does not exist.'));
    await expect(engine.readResults('q-1', 5000, 10)).rejects.toBeInstanceOf(UnknownQueryError);
  });

  it.each([
    ['FAILED', { AthenaError: { ErrorCategory: 2, ErrorMessage: 'TABLE_NOT_FOUND' } }, QueryFailedError],
    ['CANCELLED', {}, QueryCancelledError],
    ['CANCELLED', { StateChangeReason: 'Bytes scanned limit was exceeded' }, ScanLimitExceededError],
    ['RUNNING', {}, InvalidRequestError],
  ])('refuses to read a %s query with the matching error', async (state, status, errorClass) => {
    const { engine, mocks } = mockedEngine();
    mocks.athena.on(GetQueryExecutionCommand).resolves(execution(state, { status }));
    await expect(engine.readResults('q-1', 0, 10)).rejects.toBeInstanceOf(errorClass);
    expect(mocks.athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('rejects negative or fractional offsets before calling AWS', async () => {
    const { engine, mocks } = mockedEngine();
    await expect(engine.readResults('q-1', -1, 10)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(engine.readResults('q-1', 0, 1.5)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(mocks.athena.calls()).toHaveLength(0);
  });
});
