/**
 * The Glue tables in infra/template.yaml are generated from events/schemas: the checked-in block must equal a
 * fresh generation (run `npm run glue-tables` after changing a schema), and what it declares must follow the
 * schemas field by field. cfn-lint of the whole template runs in test/infra/template.test.ts.
 */
import { readFileSync } from 'node:fs';
import { EVENT_SCHEMAS, paymentRequestedV1, thermostatReadingV1 } from '../../../events/schemas';
import { allFields, tableNameOf } from '../../../events/src/schema';
import { parseCfnTemplate } from '../../infra/cfnYaml';
import { glueColumns, glueType } from '../../../tools/glueTables/glueTables';
import { regeneratedTemplate, TEMPLATE_PATH } from '../../../tools/glueTables/templateTables';

const text = readFileSync(TEMPLATE_PATH, 'utf8');
const template = parseCfnTemplate(text);
const glueTables = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Glue::Table');
type TableInput = {
  Name: string;
  Parameters: Record<string, unknown>;
  StorageDescriptor: {
    Columns: { Name: string; Type: string; Comment: string }[];
    SerdeInfo: { SerializationLibrary: string; Parameters?: Record<string, string> };
  };
};
const inputOf = (name: string) =>
  glueTables.map((t) => t.Properties.TableInput as TableInput).find((t) => t.Name === name);

describe('generated Glue tables', () => {
  it('are exactly what tools/glueTables generates from events/schemas today', () => {
    expect(regeneratedTemplate(text)).toBe(text);
  });

  it('declare every schema field as a column, in order, with its Hive type and description', () => {
    for (const schema of EVENT_SCHEMAS) {
      for (const name of [tableNameOf(schema), `${tableNameOf(schema)}_parquet`]) {
        const table = inputOf(name);
        expect(table).toBeDefined();
        const columns = table!.StorageDescriptor.Columns;
        expect(columns.map((c) => c.Name)).toEqual(allFields(schema).map(([field]) => field.toLowerCase()));
        for (const [i, [, spec]] of allFields(schema).entries()) {
          expect(columns[i].Type).toBe(glueType(spec));
          expect(columns[i].Comment.startsWith(spec.description)).toBe(true);
        }
      }
    }
  });

  it('maps decimals, bigints, timestamps, coordinates and nested objects to the Hive types Athena reads', () => {
    const payment = Object.fromEntries(glueColumns(paymentRequestedV1).map((c) => [c.Name, c.Type]));
    expect(payment).toMatchObject({
      amount: 'bigint',
      customerid: 'bigint',
      amount_usd: 'decimal(12,2)',
      createdat: 'timestamp',
    });
    const thermostat = Object.fromEntries(glueColumns(thermostatReadingV1).map((c) => [c.Name, c.Type]));
    expect(thermostat.location).toBe('struct<building:string,floor:int>');
    expect(inputOf('food_delivery_1_0_0')!.StorageDescriptor.Columns.find((c) => c.Name === 'clientcords')?.Type).toBe(
      'string',
    );
  });

  it('use date projection on dt with a location template, JSON SerDe for raw events and Parquet for converted ones', () => {
    for (const resource of glueTables) {
      const input = resource.Properties.TableInput as TableInput;
      expect(input.Parameters).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2020-01-01,NOW',
        'storage.location.template': { 'Fn::Sub': expect.stringMatching(/\/dt=\$\{!dt\}\/$/) },
      });
      const serde = input.StorageDescriptor.SerdeInfo.SerializationLibrary;
      if (input.Name.endsWith('_parquet')) expect(serde).toMatch(/ParquetHiveSerDe$/);
      // A malformed JSON line must not fail every query over its day (docs/athena.md#data-errors).
      if (/JsonSerDe$/.test(serde))
        expect(input.StorageDescriptor.SerdeInfo.Parameters).toMatchObject({ 'ignore.malformed.json': 'true' });
      expect(input.Parameters.classification).toBe(/Parquet/.test(serde) ? 'parquet' : 'json');
    }
    expect(inputOf('food_delivery_1_0_0')!.Parameters).toMatchObject({
      'semantic.clientcords': 'LATITUDE_LONGITUDE',
      'semantic.tip_pct': 'PERCENT',
    });
  });
});

describe('generated Firehose streams', () => {
  it('convert each event type to Parquet with its generated Glue table, behind the ingestion condition', () => {
    const streams = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::KinesisFirehose::DeliveryStream',
    );
    expect(streams).toHaveLength(EVENT_SCHEMAS.length);
    for (const [id, stream] of streams) {
      expect(stream.Condition).toBe('IngestionPath');
      const destination = stream.Properties.ExtendedS3DestinationConfiguration as Record<string, any>;
      const tableId = id.replace(/Stream$/, 'ParquetTable');
      expect(template.Resources[tableId].Type).toBe('AWS::Glue::Table');
      expect(destination.DataFormatConversionConfiguration.SchemaConfiguration.TableName).toEqual({ Ref: tableId });
      expect(destination.DataFormatConversionConfiguration.OutputFormatConfiguration.Serializer).toHaveProperty(
        'ParquetSerDe',
      );
      expect(destination.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
      const location = (template.Resources[tableId].Properties.TableInput as TableInput)
        .StorageDescriptor as unknown as { Location: { 'Fn::Sub': string } };
      expect(
        destination.Prefix['Fn::Sub'].startsWith(
          location.Location['Fn::Sub'].replace(/^s3:\/\/\$\{DataBucketName\}\//, ''),
        ),
      ).toBe(true);
    }
    expect(template.Resources.ProxyFunction.Properties).toMatchObject({
      Environment: {
        Variables: {
          EVENTS_FIREHOSE_STREAM_PREFIX: {
            'Fn::If': ['IngestionPath', { 'Fn::Sub': '${AWS::StackName}-' }, { Ref: 'AWS::NoValue' }],
          },
        },
      },
    });
  });
});
