/**
 * Glue table definitions generated from the event schemas (events/schemas), as CloudFormation YAML for
 * infra/template.yaml: one table per event type and version with partition projection on `dt` (no crawler, no
 * MSCK REPAIR; docs/events.md#glue-tables), column comments from the field descriptions, semantic hints as table
 * parameters. Raw events are JSON lines read by the OpenX JSON SerDe; Firehose-converted events are Parquet.
 */
import { allFields, folderOf, tableNameOf, type EventSchema, type FieldSpec } from '../../events/src';

export type StorageFormat = 'json' | 'parquet';

/** One generated Glue table resource. */
export interface GlueTableSpec {
  schema: EventSchema;
  format: StorageFormat;
  /** CloudFormation logical id, e.g. FoodPickupTable. */
  logicalId: string;
  /** Key prefix under the lake bucket's DataPrefix, ending with `/` (empty for the sample lake). */
  prefix: string;
  /** Appended to the table name, e.g. `_parquet` for the converted copy. */
  nameSuffix: string;
  condition: string;
  /** YAML of the DatabaseName property, e.g. `!Ref LakeDatabase`. */
  database: string;
  /** Bucket inside `!Sub`, e.g. `${LakeBucket}`. */
  bucket: string;
}

/** Glue (Hive DDL) type of a field. */
export function glueType(spec: FieldSpec): string {
  switch (spec.kind) {
    case 'string':
    case 'coordinates':
      return 'string';
    case 'int':
      return 'int';
    case 'bigint':
      return 'bigint';
    case 'double':
      return 'double';
    case 'decimal':
      return `decimal(${spec.precision},${spec.scale})`;
    case 'timestamp':
      return 'timestamp';
    case 'boolean':
      return 'boolean';
    case 'object':
      return `struct<${Object.entries(spec.fields)
        .map(([name, f]) => `${name.toLowerCase()}:${glueType(f)}`)
        .join(',')}>`;
  }
}

/** Glue column comments are limited to 255 characters. */
function comment(spec: FieldSpec): string {
  const text = `${spec.description}${spec.required ? '' : ' (optional)'}`;
  return text.length > 255 ? `${text.slice(0, 252)}...` : text;
}

/** Glue columns of an event type: lower-cased names (Hive), types, comments. */
export function glueColumns(schema: EventSchema): { Name: string; Type: string; Comment: string }[] {
  return allFields(schema).map(([name, spec]) => ({
    Name: name.toLowerCase(),
    Type: glueType(spec),
    Comment: comment(spec),
  }));
}

/** Table parameters beyond projection: `semantic.<column>` for every hinted field. */
export function semanticParameters(schema: EventSchema): Record<string, string> {
  return Object.fromEntries(
    allFields(schema)
      .filter(([, spec]) => spec.semantic)
      .map(([name, spec]) => [`semantic.${name.toLowerCase()}`, spec.semantic as string]),
  );
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (text: string): string => JSON.stringify(text);

const FORMATS: Record<StorageFormat, string[]> = {
  json: [
    'InputFormat: org.apache.hadoop.mapred.TextInputFormat',
    'OutputFormat: org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    'SerdeInfo:',
    '  SerializationLibrary: org.openx.data.jsonserde.JsonSerDe',
    // A line that does not parse is read as a row of NULLs instead of failing every query over its day
    // (docs/athena.md#data-errors).
    '  Parameters: { case.insensitive: "TRUE", ignore.malformed.json: "true" }',
  ],
  parquet: [
    'InputFormat: org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    'OutputFormat: org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    'SerdeInfo: { SerializationLibrary: org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe }',
  ],
};

/** The YAML of one AWS::Glue::Table resource, indented for the template's Resources map. */
export function glueTableYaml(table: GlueTableSpec): string {
  const { schema } = table;
  const location = `s3://${table.bucket}/\${DataPrefix}${table.prefix}${folderOf(schema)}/`;
  const sub = (text: string) => `!Sub ${q(text)}`;
  const parameters = {
    'projection.enabled': '"true"',
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': '2020-01-01,NOW',
    'projection.dt.interval': '"1"',
    'projection.dt.interval.unit': 'DAYS',
    'storage.location.template': sub(`${location}dt=\${!dt}/`),
    ...Object.fromEntries(Object.entries(semanticParameters(schema)).map(([k, v]) => [k, v])),
  };
  const lines = [
    `${table.logicalId}:`,
    '  Type: AWS::Glue::Table',
    `  Condition: ${table.condition}`,
    '  Properties:',
    '    CatalogId: !Ref AWS::AccountId',
    `    DatabaseName: ${table.database}`,
    '    TableInput:',
    `      Name: ${tableNameOf(schema)}${table.nameSuffix}`,
    `      Description: ${q(`${schema.description} Generated from events/schemas/${folderOf(schema)}.ts.`)}`,
    '      TableType: EXTERNAL_TABLE',
    '      Parameters:',
    `        classification: ${table.format}`,
    ...Object.entries(parameters).map(([k, v]) => `        ${k}: ${v}`),
    '      PartitionKeys: [{ Name: dt, Type: string, Comment: "Day of the event time (UTC), YYYY-MM-DD." }]',
    '      StorageDescriptor:',
    `        Location: ${sub(location)}`,
    ...FORMATS[table.format].map((line) => `        ${line}`),
    '        Columns:',
    ...glueColumns(schema).map((c) => `          - { Name: ${c.Name}, Type: ${q(c.Type)}, Comment: ${q(c.Comment)} }`),
  ];
  return lines.map((line) => `  ${line}`).join('\n');
}

export const BEGIN_MARKER =
  '  # >>> generated by tools/glueTables from events/schemas (npm run glue-tables); do not edit by hand';
export const END_MARKER = '  # <<< end of generated Glue tables';

/** The whole generated block, markers included; `extra` are further generated resources (YAML). */
export function renderGlueBlock(tables: readonly GlueTableSpec[], extra: readonly string[] = []): string {
  return [BEGIN_MARKER, ...tables.map((t) => `${glueTableYaml(t)}\n`), ...extra.map((e) => `${e}\n`), END_MARKER].join(
    '\n',
  );
}

/** The template text with its generated block replaced by `block`; throws when the markers are missing. */
export function spliceGlueBlock(template: string, block: string): string {
  const begin = template.indexOf(BEGIN_MARKER);
  const end = template.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error('infra/template.yaml has no generated Glue table block markers');
  return template.slice(0, begin) + block + template.slice(end + END_MARKER.length);
}

/** The Glue API's TableInput for an event type (what the template's resource creates), for Glue doubles in tests. */
export function glueTableInput(schema: EventSchema, format: StorageFormat, location: string) {
  return {
    Name: tableNameOf(schema),
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      classification: format,
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': '2020-01-01,NOW',
      'storage.location.template': `${location}dt=\${dt}/`,
      ...semanticParameters(schema),
    },
    PartitionKeys: [{ Name: 'dt', Type: 'string' }],
    StorageDescriptor: { Location: location, Columns: glueColumns(schema) },
  };
}
