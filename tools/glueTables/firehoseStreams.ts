/**
 * One Firehose delivery stream per event type for the template's ingestion path: direct PUT from the proxy's
 * `POST /v1/events`, buffered to S3, converted to Parquet with the generated Glue table's schema, under
 * `<DataPrefix>converted/<type>-<version>/dt=<arrival day>/` (docs/events.md#aws-ingestion-path-firehose).
 */
import { folderOf, type EventSchema } from '../../events/src';

/** The stream name the Lambda derives too: `<stack>-<type>-<version>` (EVENTS_FIREHOSE_STREAM_PREFIX + folder). */
export function firehoseStreamYaml(schema: EventSchema, logicalId: string, tableLogicalId: string): string {
  const folder = folderOf(schema);
  const lines = [
    `${logicalId}:`,
    '  Type: AWS::KinesisFirehose::DeliveryStream',
    '  Condition: IngestionPath',
    '  Properties:',
    `    DeliveryStreamName: !Sub "\${AWS::StackName}-${folder}"`,
    '    DeliveryStreamType: DirectPut',
    '    ExtendedS3DestinationConfiguration:',
    '      BucketARN: !Sub "arn:${AWS::Partition}:s3:::${DataBucketName}"',
    '      RoleARN: !GetAtt FirehoseRole.Arn',
    `      Prefix: !Sub "\${DataPrefix}converted/${folder}/dt=!{timestamp:yyyy-MM-dd}/"`,
    `      ErrorOutputPrefix: !Sub "\${DataPrefix}converted-errors/${folder}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/"`,
    '      # Format conversion needs a buffer of at least 64 MB and no extra compression (Parquet is Snappy-compressed).',
    '      BufferingHints: { IntervalInSeconds: !Ref IngestionBufferSeconds, SizeInMBs: 128 }',
    '      CompressionFormat: UNCOMPRESSED',
    '      DataFormatConversionConfiguration:',
    '        Enabled: true',
    '        InputFormatConfiguration: { Deserializer: { HiveJsonSerDe: {} } }',
    '        OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: SNAPPY } } }',
    '        SchemaConfiguration:',
    '          CatalogId: !Ref AWS::AccountId',
    '          DatabaseName: !Ref DatabaseName',
    `          TableName: !Ref ${tableLogicalId}`,
    '          Region: !Ref AWS::Region',
    '          RoleARN: !GetAtt FirehoseRole.Arn',
    '          VersionId: LATEST',
  ];
  return lines.map((line) => `  ${line}`).join('\n');
}
