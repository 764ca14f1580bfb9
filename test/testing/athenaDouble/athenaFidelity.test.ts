/**
 * The Athena API double fails and answers like Athena (docs/athena.md#the-api-double), through the real SDK:
 * Trino-invalid or over-long SQL is an InvalidRequestException at start, result columns carry the SELECT list's
 * names and Athena's type names, WorkGroup defaults to `primary`, unqualified tables resolve through the context
 * database, every idempotent parameter is compared on token reuse, and FAILED → QUEUED flaps can be scripted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { createDuckDbEngine, type DuckDbEngine } from '../../../proxy/src/engines/duckdb';
import { CONTRACT_DATABASE as DB, writeContractLake } from '../../engine-contract/contractLake';
import { startAthenaDouble, type AthenaDouble } from '../../../testing/athenaDouble/server';

let lakeDir: string;
let duckdb: DuckDbEngine;
let double: AthenaDouble;
let athena: AthenaClient;

beforeAll(async () => {
  lakeDir = mkdtempSync(path.join(os.tmpdir(), 'fidelity-lake-'));
  await writeContractLake(lakeDir);
  duckdb = await createDuckDbEngine({ lakeDir, database: DB });
  double = await startAthenaDouble({ engine: duckdb });
  athena = new AthenaClient({ ...double.clientConfig, maxAttempts: 1 });
});
afterAll(async () => {
  athena?.destroy();
  await double?.close();
  await duckdb?.close();
  rmSync(lakeDir, { recursive: true, force: true });
});

async function start(QueryString: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await athena.send(new StartQueryExecutionCommand({ QueryString, WorkGroup: 'primary', ...extra }));
  return answer.QueryExecutionId ?? '';
}

async function statesUntilFinal(id: string): Promise<string[]> {
  const states: string[] = [];
  for (let i = 0; i < 200; i++) {
    const state =
      (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))).QueryExecution?.Status?.State ?? '';
    states.push(state);
    if (state === 'SUCCEEDED' || state === 'CANCELLED' || (state === 'FAILED' && states.length > 3)) return states;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return states;
}

describe('the Athena API double fails like Athena', () => {
  it.each([
    [
      'an integer literal beyond BIGINT',
      `SELECT "id" FROM "${DB}"."typed" WHERE "big" = 9223372036854775808`,
      /^line 1:1: integer literal/,
    ],
    ['a syntax error', `SELECT FROM "${DB}"."typed"`, /^line 1:8: /],
    [
      'a zone Trino does not know',
      `SELECT at_timezone("happened", 'America/Coyhaique') FROM "${DB}"."typed"`,
      /zone index/,
    ],
    [
      'query text over 262,144 bytes',
      `SELECT "id" FROM "${DB}"."typed" WHERE "name" = '${'x'.repeat(262_144)}'`,
      /less than or equal to 262144/,
    ],
  ])('refuses %s at StartQueryExecution with InvalidRequestException', async (_name, sql, message) => {
    await expect(start(sql)).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringMatching(message),
    });
  });

  it('names and types result columns as the SELECT list and Athena do', async () => {
    const id = await start(
      `SELECT "name", "amount" AS "amt", count(*) AS "n", CAST(sum("ratio") AS double) / count("ratio") AS "avg", "flag", ` +
        `"happened", date_format("happened", '%Y%m%d') FROM "${DB}"."typed" GROUP BY 1, 2, 5, 6, 7`,
    );
    expect((await statesUntilFinal(id)).pop()).toBe('SUCCEEDED');
    const results = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    const columns = results.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    expect(columns.map((c) => [c.Name, c.Type])).toEqual([
      ['name', 'varchar'],
      ['amt', 'decimal'],
      ['n', 'bigint'],
      ['avg', 'double'],
      ['flag', 'boolean'],
      ['happened', 'timestamp'],
      ['_col6', 'varchar'],
    ]);
    expect(columns[1]).toMatchObject({ Precision: 10, Scale: 2 });
    expect(results.ResultSet?.Rows?.[0].Data?.map((d) => d.VarCharValue)).toEqual([
      'name',
      'amt',
      'n',
      'avg',
      'flag',
      'happened',
      '_col6',
    ]);
  });

  it('runs in the primary workgroup when none is given, and refuses an unknown one like Athena', async () => {
    const answer = await athena.send(
      new StartQueryExecutionCommand({ QueryString: `SELECT "id" FROM "${DB}"."typed"` }),
    );
    expect(answer.QueryExecutionId).toBeTruthy();
    await expect(start(`SELECT "id" FROM "${DB}"."typed"`, { WorkGroup: 'analysts' })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'WorkGroup analysts is not found.',
    });
  });

  it('resolves an unqualified table through QueryExecutionContext.Database', async () => {
    const id = await start('SELECT count(*) AS "n" FROM "typed"', { QueryExecutionContext: { Database: DB } });
    expect((await statesUntilFinal(id)).pop()).toBe('SUCCEEDED');
    const results = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id }));
    expect(results.ResultSet?.Rows?.[1].Data?.[0].VarCharValue).toBe('5');
  });

  it('compares every idempotent parameter when a token is reused, not only the query text', async () => {
    const sql = `SELECT "id" FROM "${DB}"."typed"`;
    const token = 'b'.repeat(40);
    const reuse = (minutes: number) => ({ ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: minutes } });
    const first = await start(sql, { ClientRequestToken: token, ResultReuseConfiguration: reuse(60) });
    expect(await start(sql, { ClientRequestToken: token, ResultReuseConfiguration: reuse(60) })).toBe(first);
    await expect(start(sql, { ClientRequestToken: token, ResultReuseConfiguration: reuse(5) })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'Idempotent parameters do not match',
    });
    await expect(
      start(sql, {
        ClientRequestToken: token,
        ResultReuseConfiguration: reuse(60),
        QueryExecutionContext: { Database: DB },
      }),
    ).rejects.toMatchObject({ message: 'Idempotent parameters do not match' });
  });

  it('can script a FAILED (Retryable) → QUEUED → SUCCEEDED flap', async () => {
    double.scriptNextQuery({ polls: ['RUNNING', 'FAILED_RETRYABLE', 'QUEUED'] });
    const id = await start(`SELECT "id" FROM "${DB}"."typed"`);
    const first = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const failed = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    expect(first.QueryExecution?.Status?.State).toBe('RUNNING');
    expect(failed.QueryExecution?.Status).toMatchObject({ State: 'FAILED', AthenaError: { Retryable: true } });
    expect((await statesUntilFinal(id)).slice(-1)).toEqual(['SUCCEEDED']);
  });
});
