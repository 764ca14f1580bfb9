/** A table folder's `_looker.json` gives the local catalog Glue-like column comments and `looker.*` parameters. */
import { promises as fs } from 'node:fs';
import { createDuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { deriveTableSchema } from '../../../../proxy/src/fields/tableSchema';
import { makeTempDir, writeFile } from './helpers';

describe('_looker.json sidecar', () => {
  let lake: string;
  beforeAll(async () => {
    lake = await makeTempDir('sidecar-lake');
    await writeFile(lake, 'rides/dt=2024-01-01/a.json', '{"y": 52.5, "x": 13.4, "fare": 12.5, "who": "DE"}\n');
    await writeFile(
      lake,
      'rides/_looker.json',
      JSON.stringify({
        comments: { FARE: 'Fare paid [CURRENCY_EUR]', who: 'Rider country [COUNTRY_CODE]' },
        parameters: { 'looker.semantics': 'y,x -> LATITUDE_LONGITUDE', classification: 'not taken' },
      }),
    );
    await writeFile(lake, 'broken/a.json', '{"n": 1}\n');
    await writeFile(lake, 'broken/_looker.json', '{ not json');
  });
  afterAll(() => fs.rm(lake, { recursive: true, force: true }));

  it('becomes column comments and table parameters, and is never read as data', async () => {
    const engine = await createDuckDbEngine({ lakeDir: lake, threads: 1, logger: { warn: () => undefined } });
    try {
      const rides = await engine.describeTable('lake', 'rides');
      expect(rides.columns.find((c) => c.name === 'fare')?.comment).toBe('Fare paid [CURRENCY_EUR]');
      expect(rides.properties['looker.semantics']).toBe('y,x -> LATITUDE_LONGITUDE');
      expect(rides.properties.classification).toBe('json');
      const fields = Object.fromEntries(deriveTableSchema(rides, true).fields.map((f) => [f.name, f]));
      expect(fields.fare).toMatchObject({ label: 'Fare paid', semantics: { semanticType: 'CURRENCY_EUR' } });
      expect(fields.who.semantics.semanticType).toBe('COUNTRY_CODE');
      expect(fields.location.semantics.semanticType).toBe('LATITUDE_LONGITUDE');
      // A malformed sidecar is ignored (the table is still served) and reported.
      expect((await engine.describeTable('lake', 'broken')).columns.map((c) => c.comment)).toEqual([undefined]);
    } finally {
      await engine.close();
    }
  });
});

describe('the same hints through Glue (Athena engine over the API double)', () => {
  it('arrive as Glue column comments and table parameters and give the same fields', async () => {
    const { createAthenaEngine, createAwsClients, destroyAwsClients } =
      await import('../../../../proxy/src/engines/athena');
    const { startAthenaDouble } = await import('../../../../testing/athenaDouble/server');
    const lake = await makeTempDir('sidecar-glue');
    await writeFile(lake, 'rides/dt=2024-01-01/a.json', '{"y": 52.5, "x": 13.4, "fare": 12.5}\n');
    await writeFile(
      lake,
      'rides/_looker.json',
      JSON.stringify({
        comments: { fare: 'Fare paid [CURRENCY_EUR]' },
        parameters: { 'looker.semantics': 'y,x -> LATITUDE_LONGITUDE' },
      }),
    );
    const duckdb = await createDuckDbEngine({ lakeDir: lake, threads: 1 });
    const double = await startAthenaDouble({ engine: duckdb });
    const clients = createAwsClients(double.clientConfig);
    const athena = createAthenaEngine({
      ...clients,
      workGroup: double.workGroup,
      databases: ['lake'],
      resultReuseMaxAgeMinutes: 0,
    });
    try {
      const viaGlue = await athena.describeTable('lake', 'rides');
      expect(viaGlue.columns.find((c) => c.name === 'fare')?.comment).toBe('Fare paid [CURRENCY_EUR]');
      expect(viaGlue.properties['looker.semantics']).toBe('y,x -> LATITUDE_LONGITUDE');
      expect(deriveTableSchema(viaGlue, true).fields).toEqual(
        deriveTableSchema(await duckdb.describeTable('lake', 'rides'), true).fields,
      );
    } finally {
      await athena.close();
      destroyAwsClients(clients);
      await double.close();
      await duckdb.close();
      await fs.rm(lake, { recursive: true, force: true });
    }
  });
});
