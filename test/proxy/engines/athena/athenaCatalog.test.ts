/** Athena engine catalog against aws-sdk-client-mock: Glue pagination, allow-lists, type spelling, views, errors. */
import { GetDatabaseCommand, GetTableCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { EngineUnavailableError, UnknownDatabaseError, UnknownTableError } from '../../../../proxy/src/errors';
import { awsError, mockedEngine } from './mockedEngine';

describe('Athena engine: catalog', () => {
  it('lists only allow-listed databases that exist in Glue', async () => {
    const { engine, mocks } = mockedEngine({ databases: ['web', 'analytics', 'gone'] });
    mocks.glue.on(GetDatabaseCommand).callsFake((input: { Name: string }) => {
      if (input.Name === 'gone') throw awsError('EntityNotFoundException', 'Database gone not found.');
      return { Database: { Name: input.Name } };
    });
    expect(await engine.listDatabases()).toEqual(['analytics', 'web']);
  });

  it('pages through GetTables and applies the per-database table allow-list', async () => {
    const { engine, mocks } = mockedEngine({ tables: { analytics: ['payments', 'events'] } });
    mocks.glue
      .on(GetTablesCommand, { DatabaseName: 'analytics', NextToken: undefined })
      .resolves({ TableList: [{ Name: 'events' }, { Name: 'secrets' }], NextToken: 't2' })
      .on(GetTablesCommand, { DatabaseName: 'analytics', NextToken: 't2' })
      .resolves({ TableList: [{ Name: 'payments' }] });
    expect(await engine.listTables('analytics')).toEqual(['events', 'payments']);
    expect(mocks.glue.commandCalls(GetTablesCommand)).toHaveLength(2);
  });

  it('retries a throttled page without restarting the listing', async () => {
    const { engine, mocks, sleeps } = mockedEngine();
    mocks.glue
      .on(GetTablesCommand, { NextToken: undefined })
      .resolves({ TableList: [{ Name: 'a' }], NextToken: 't2' })
      .on(GetTablesCommand, { NextToken: 't2' })
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ TableList: [{ Name: 'b' }] });
    expect(await engine.listTables('analytics')).toEqual(['a', 'b']);
    expect(mocks.glue.commandCalls(GetTablesCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(1);
  });

  it('refuses databases and tables outside the allow-list without asking Glue', async () => {
    const { engine, mocks } = mockedEngine({ tables: { analytics: ['events'] } });
    await expect(engine.listTables('other')).rejects.toBeInstanceOf(UnknownDatabaseError);
    await expect(engine.describeTable('other', 'events')).rejects.toBeInstanceOf(UnknownDatabaseError);
    await expect(engine.describeTable('analytics', 'secrets')).rejects.toBeInstanceOf(UnknownTableError);
    expect(mocks.glue.calls()).toHaveLength(0);
  });

  it('describes columns then partition keys with Hive types lower-cased, comments and projection properties', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.glue.on(GetTableCommand, { DatabaseName: 'analytics', Name: 'events' }).resolves({
      Table: {
        Name: 'events',
        TableType: 'EXTERNAL_TABLE',
        StorageDescriptor: {
          Columns: [
            { Name: 'user_id', Type: 'bigint', Comment: 'who' },
            { Name: 'amount', Type: 'decimal(10,2)' },
            { Name: 'tags', Type: 'ARRAY<STRING>' },
            { Name: 'ctx', Type: 'struct<os:string,version:int>' },
          ],
        },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Parameters: {
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
        },
      },
    });
    expect(await engine.describeTable('analytics', 'events')).toEqual({
      database: 'analytics',
      table: 'events',
      columns: [
        { name: 'user_id', type: 'bigint', partitionKey: false, comment: 'who' },
        { name: 'amount', type: 'decimal(10,2)', partitionKey: false },
        { name: 'tags', type: 'array<string>', partitionKey: false },
        { name: 'ctx', type: 'struct<os:string,version:int>', partitionKey: false },
        { name: 'dt', type: 'string', partitionKey: true },
      ],
      properties: { 'projection.enabled': 'true', 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd' },
      isView: false,
    });
  });

  it('marks views', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.glue.on(GetTableCommand).resolves({
      Table: {
        Name: 'daily',
        TableType: 'VIRTUAL_VIEW',
        StorageDescriptor: { Columns: [{ Name: 'n', Type: 'bigint' }] },
      },
    });
    expect(await engine.describeTable('analytics', 'daily')).toMatchObject({ isView: true, properties: {} });
  });

  it('maps a missing table to UnknownTableError and other Glue failures to 503', async () => {
    const { engine, mocks } = mockedEngine();
    mocks.glue
      .on(GetTableCommand)
      .rejectsOnce(awsError('EntityNotFoundException', 'Table nope not found.'))
      .rejects(awsError('InternalServiceException', 'boom'));
    await expect(engine.describeTable('analytics', 'nope')).rejects.toBeInstanceOf(UnknownTableError);
    await expect(engine.describeTable('analytics', 'events')).rejects.toBeInstanceOf(EngineUnavailableError);
  });
});
