/**
 * Protocol smoke test against moto_server (an independent implementation of the Athena, Glue and S3 APIs,
 * preinstalled on these machines; docs/reference-tooling.md#moto-server-as-an-athena-double): the engine's real SDK
 * calls must be understood by something other than our own double. The test starts moto on a free loopback port, seeds
 * a Glue table and an Athena result, and stops it afterwards. Without moto_server it is skipped, loudly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { CreateDatabaseCommand, CreateTableCommand } from '@aws-sdk/client-glue';
import { createAthenaEngine, createAwsClients, destroyAwsClients } from '../../../../proxy/src/engines/athena';

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const hasMoto = onPath('moto_server');
if (!hasMoto)
  console.warn('SKIPPING the moto_server smoke test: moto_server is not on PATH (pip install "moto[server]").');
const itWithMoto = hasMoto ? it : it.skip;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    const ok = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('moto_server did not answer within 30 s');
}

describe('Athena engine against moto_server', () => {
  let moto: ChildProcess | undefined;
  let endpoint = '';

  beforeAll(async () => {
    if (!hasMoto) return;
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitUntilAnswering(endpoint, moto);
  });

  afterAll(async () => {
    if (!moto || moto.exitCode !== null) return;
    const exited = new Promise((resolve) => moto?.once('exit', resolve));
    moto.kill('SIGTERM');
    await exited;
  });

  itWithMoto('lists, describes, queries, reads and cancels through the real SDK', async () => {
    const clients = createAwsClients({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDMOTO', secretAccessKey: 'moto' },
    });
    try {
      await clients.glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'analytics' } }));
      await clients.glue.send(
        new CreateTableCommand({
          DatabaseName: 'analytics',
          TableInput: {
            Name: 'events',
            TableType: 'EXTERNAL_TABLE',
            Parameters: { 'projection.enabled': 'true', 'projection.dt.type': 'date' },
            StorageDescriptor: {
              Columns: [
                { Name: 'id', Type: 'bigint' },
                { Name: 'name', Type: 'string' },
              ],
              Location: 's3://lake/events/',
            },
            PartitionKeys: [{ Name: 'dt', Type: 'string' }],
          },
        }),
      );
      // moto answers the next query with these rows; like Athena, the first row is the header.
      const seeded = await fetch(`${endpoint}/moto-api/static/athena/query-results`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          account_id: '123456789012',
          region: 'us-east-1',
          results: [
            {
              rows: [
                { Data: [{ VarCharValue: 'id' }, { VarCharValue: 'name' }] },
                { Data: [{ VarCharValue: '1' }, {}] },
                { Data: [{ VarCharValue: '2' }, { VarCharValue: '' }] },
              ],
              column_info: [
                {
                  Name: 'id',
                  Label: 'id',
                  Type: 'bigint',
                  CatalogName: '',
                  SchemaName: '',
                  TableName: '',
                  Precision: 19,
                  Scale: 0,
                  Nullable: 'UNKNOWN',
                  CaseSensitive: false,
                },
                {
                  Name: 'name',
                  Label: 'name',
                  Type: 'varchar',
                  CatalogName: '',
                  SchemaName: '',
                  TableName: '',
                  Precision: 0,
                  Scale: 0,
                  Nullable: 'UNKNOWN',
                  CaseSensitive: true,
                },
              ],
            },
          ],
        }),
      });
      expect(seeded.ok).toBe(true);

      const engine = createAthenaEngine({
        ...clients,
        workGroup: 'primary',
        databases: ['analytics'],
        resultReuseMaxAgeMinutes: 60,
      });
      expect(await engine.listDatabases()).toEqual(['analytics']);
      expect(await engine.listTables('analytics')).toEqual(['events']);
      expect(await engine.describeTable('analytics', 'events')).toEqual({
        database: 'analytics',
        table: 'events',
        columns: [
          { name: 'id', type: 'bigint', partitionKey: false },
          { name: 'name', type: 'string', partitionKey: false },
          { name: 'dt', type: 'string', partitionKey: true },
        ],
        properties: { 'projection.enabled': 'true', 'projection.dt.type': 'date' },
        isView: false,
        location: 's3://lake/events/',
      });
      const queryId = await engine.startQuery('SELECT "id", "name" FROM "analytics"."events"', {
        callerId: 'AKIDMOTO',
      });
      expect((await engine.getQueryStatus(queryId)).state).toBe('SUCCEEDED');
      expect(await engine.readResults(queryId, 0, 10)).toEqual({
        rows: [
          ['1', null],
          ['2', ''],
        ],
        totalRows: 2,
      });
      await engine.cancelQuery(queryId);
    } finally {
      destroyAwsClients(clients);
    }
  });
});
