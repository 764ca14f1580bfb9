/**
 * Which Glue tables infra/template.yaml gets, and `npm run glue-tables` to rewrite its generated block.
 * The sample lake's tables keep the storage format the sample lake writes (tools/sampleLake).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { firehoseStreamYaml } from './firehoseStreams';
import { renderGlueBlock, spliceGlueBlock, type GlueTableSpec, type StorageFormat } from './glueTables';

export const TEMPLATE_PATH = path.join(__dirname, '..', '..', 'infra', 'template.yaml');

/** Storage format of each sample table (what `npm run sample-data` writes). */
const SAMPLE_FORMATS: Record<string, StorageFormat> = {
  'bookstore-purchase': 'parquet',
  'thermostat-reading': 'parquet',
};

/** `food-pickup` → `FoodPickup`. */
function pascal(type: string): string {
  return type
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A logical-id suffix for non-first versions (`1.0.0` → '', `2.1.0` → `V2x1x0`). */
function versionTag(version: string): string {
  return version === '1.0.0' ? '' : `V${version.replace(/\./g, 'x')}`;
}

/** The generated tables: every schema as a sample table, and as a Parquet table of the Firehose ingestion path. */
export function templateTables(): GlueTableSpec[] {
  const sample = EVENT_SCHEMAS.map((schema): GlueTableSpec => ({
    schema,
    format: SAMPLE_FORMATS[schema.type] ?? 'json',
    logicalId: `${pascal(schema.type)}${versionTag(schema.version)}Table`,
    prefix: '',
    nameSuffix: '',
    condition: 'CreateLake',
    database: '!Ref LakeDatabase',
    bucket: '${LakeBucket}',
  }));
  const converted = EVENT_SCHEMAS.map((schema): GlueTableSpec => ({
    schema,
    format: 'parquet',
    logicalId: `${pascal(schema.type)}${versionTag(schema.version)}ParquetTable`,
    prefix: 'converted/',
    nameSuffix: '_parquet',
    condition: 'IngestionPath',
    database: '!If [CreateLake, !Ref LakeDatabase, !Ref DatabaseName]',
    bucket: '${DataBucketName}',
  }));
  return [...sample, ...converted];
}

/** The template with its generated block brought up to date. */
export function regeneratedTemplate(current: string): string {
  const converted = templateTables().filter((t) => t.condition === 'IngestionPath');
  const streams = converted.map((t) =>
    firehoseStreamYaml(t.schema, t.logicalId.replace(/ParquetTable$/, 'Stream'), t.logicalId),
  );
  return spliceGlueBlock(current, renderGlueBlock(templateTables(), streams));
}

const GLUE_HELP = `Usage: npm run glue-tables

Regenerates the Glue tables and Firehose streams block of infra/template.yaml from the declarations in
events/schemas (the block between its generated markers); prints whether anything changed.
  --help   show this text
`;

if (require.main === module && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(GLUE_HELP);
} else if (require.main === module && process.argv.length > 2) {
  console.error(`Unknown arguments: ${process.argv.slice(2).join(' ')} (see --help)`);
  process.exitCode = 2;
} else if (require.main === module) {
  const current = readFileSync(TEMPLATE_PATH, 'utf8');
  const next = regeneratedTemplate(current);
  if (next === current) console.log('infra/template.yaml: Glue tables already up to date');
  else {
    writeFileSync(TEMPLATE_PATH, next);
    console.log('infra/template.yaml: Glue tables regenerated from events/schemas');
  }
}
