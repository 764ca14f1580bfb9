/**
 * infra/template.yaml: least-privilege IAM asserted statement by statement (a widened action or resource fails),
 * AWS_IAM on every API method, runtime settings, bucket hardening; then the preinstalled python cfn-lint.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCfnTemplate } from './cfnYaml';

const templatePath = path.join(__dirname, '..', '..', 'infra', 'template.yaml');
const template = parseCfnTemplate(readFileSync(templatePath, 'utf8'));
const resources = template.Resources;

/** Follows a property path; fails the test (instead of throwing a TypeError) when it is missing. */
function dig(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !(key in current))
      throw new Error(`missing ${keys.join('.')}`);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function ofType(type: string) {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** Every Allow statement anywhere in the template (role policies, managed policies, bucket policies). */
function allowStatements(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(allowStatements);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = record.Effect === 'Allow' ? [record] : [];
  return own.concat(Object.values(record).flatMap(allowStatements));
}

const sub = (text: string) => ({ 'Fn::Sub': text });
const arn = (rest: string) => sub(`arn:\${AWS::Partition}:${rest}`);

describe('infra/template.yaml', () => {
  it('gives the proxy role exactly these statements', () => {
    const statements = dig(resources.ProxyRole, 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement');
    expect(statements).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['ProxyLogGroup', 'Arn'] },
      },
      {
        Sid: 'RunQueriesInWorkgroup',
        Effect: 'Allow',
        Action: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryRuntimeStatistics',
          'athena:StopQueryExecution',
        ],
        Resource: arn('athena:${AWS::Region}:${AWS::AccountId}:workgroup/${WorkGroup}'),
      },
      {
        Sid: 'ReadCatalog',
        Effect: 'Allow',
        Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
        Resource: [
          arn('glue:${AWS::Region}:${AWS::AccountId}:catalog'),
          arn('glue:${AWS::Region}:${AWS::AccountId}:database/default'),
          arn('glue:${AWS::Region}:${AWS::AccountId}:database/${DatabaseName}'),
          arn('glue:${AWS::Region}:${AWS::AccountId}:table/${DatabaseName}/*'),
        ],
      },
      {
        Sid: 'ReadData',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: arn('s3:::${DataBucketName}/${DataPrefix}*'),
      },
      {
        Sid: 'ListData',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: arn('s3:::${DataBucketName}'),
        Condition: { StringLike: { 's3:prefix': sub('${DataPrefix}*') } },
      },
      {
        Sid: 'LocateBuckets',
        Effect: 'Allow',
        Action: 's3:GetBucketLocation',
        Resource: [{ 'Fn::GetAtt': ['ResultsBucket', 'Arn'] }, arn('s3:::${DataBucketName}')],
      },
      {
        Sid: 'ReadWriteResults',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        Resource: sub('${ResultsBucket.Arn}/results/*'),
      },
      {
        Sid: 'ListResults',
        Effect: 'Allow',
        Action: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: { 'Fn::GetAtt': ['ResultsBucket', 'Arn'] },
      },
      {
        'Fn::If': [
          'DayTilesOn',
          {
            Sid: 'ReadWriteDayTiles',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: sub('${ResultsBucket.Arn}/tiles/*'),
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
      {
        'Fn::If': [
          'HasBudget',
          {
            Sid: 'CountBudgetSpend',
            Effect: 'Allow',
            Action: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
            Resource: { 'Fn::GetAtt': ['BudgetSpendTable', 'Arn'] },
          },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
    expect(dig(resources.ProxyRole, 'Properties', 'Policies')).toHaveLength(1);
    for (const statement of allowStatements(template)) {
      expect([statement.Resource].flat()).not.toContain('*');
      expect([statement.Action].flat().join()).not.toMatch(/\*/);
    }
    expect(resources.ProxyRole.Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('lets connector users only invoke this API’s stage', () => {
    expect(dig(resources.ConnectorUserPolicy, 'Properties', 'PolicyDocument', 'Statement')).toEqual([
      {
        Sid: 'InvokeProxyApi',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: arn('execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${StageName}/*/v1/*'),
      },
    ]);
    expect(dig(resources.ConnectorUserGroup, 'Properties', 'ManagedPolicyArns')).toEqual([
      { Ref: 'ConnectorUserPolicy' },
    ]);
  });

  it('protects every API method with AWS_IAM and no API key', () => {
    const methods = ofType('AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThan(0);
    for (const [, method] of methods) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
      expect(method.Properties.ApiKeyRequired).toBe(false);
    }
    expect(ofType('AWS::Serverless::Api')).toHaveLength(0);
    expect(ofType('AWS::ApiGateway::ApiKey')).toHaveLength(0);
    expect(resources.ProxyFunction.Properties).not.toHaveProperty('Events');
    expect(dig(resources.V1ProxyResource, 'Properties', 'PathPart')).toBe('{proxy+}');
  });

  it('runs the bundled proxy on Node 22 arm64 inside API Gateway’s 29 s', () => {
    const fn = resources.ProxyFunction.Properties;
    expect([fn.Runtime, fn.Architectures, fn.Handler, fn.CodeUri]).toEqual([
      'nodejs22.x',
      ['arm64'],
      'index.handler',
      '../build/lambda/',
    ]);
    expect(template.Parameters.TimeoutSeconds.MaxValue).toBeLessThan(29);
    // The server-side wait must leave time to read and format the result before the function times out.
    const param = (name: string, key: string) => Number(template.Parameters[name][key]);
    expect(param('WaitBudgetMs', 'Default') + 10_000).toBeLessThanOrEqual(param('TimeoutSeconds', 'Default') * 1000);
    expect(param('WaitBudgetMs', 'MaxValue') + 10_000).toBeLessThanOrEqual(param('TimeoutSeconds', 'MaxValue') * 1000);
    expect(Object.keys(dig(fn, 'Environment', 'Variables') as object)).toEqual(
      expect.arrayContaining([
        'ATHENA_WORKGROUP',
        'ATHENA_DATABASES',
        'ATHENA_TABLES',
        'ATHENA_RESULT_REUSE_MAX_AGE_MINUTES',
        'PROXY_WAIT_BUDGET_MS',
      ]),
    );
    expect(dig(resources.ProxyLogGroup, 'Properties', 'RetentionInDays')).toEqual({ Ref: 'LogRetentionDays' });
  });

  it('points the function at the results bucket’s tiles/ prefix unless DayTiles is off', () => {
    const variables = dig(resources.ProxyFunction, 'Properties', 'Environment', 'Variables') as Record<string, unknown>;
    expect(variables.PROXY_TILE_BUCKET).toEqual({ 'Fn::If': ['DayTilesOn', { Ref: 'ResultsBucket' }, ''] });
    expect(variables.PROXY_TILE_PREFIX).toBe('tiles/');
    expect(template.Conditions?.DayTilesOn).toEqual({ 'Fn::Equals': [{ Ref: 'DayTiles' }, 'on'] });
  });

  it('enforces the workgroup’s result location, SSE-S3, engine v3 and the scan cutoff', () => {
    const config = dig(resources.WorkGroup, 'Properties', 'WorkGroupConfiguration');
    expect(config).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      BytesScannedCutoffPerQuery: { Ref: 'BytesScannedCutoffPerQuery' },
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        OutputLocation: sub('s3://${ResultsBucket}/results/'),
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
      },
    });
    expect(template.Parameters.BytesScannedCutoffPerQuery.MinValue).toBe(10_000_000);
  });

  it('keeps the results bucket private, encrypted, TLS-only and expiring no sooner than the longest reuse', () => {
    const bucket = resources.ResultsBucket.Properties;
    expect(
      dig(bucket, 'BucketEncryption', 'ServerSideEncryptionConfiguration', 0, 'ServerSideEncryptionByDefault'),
    ).toEqual({ SSEAlgorithm: 'AES256' });
    expect(Object.values(dig(bucket, 'PublicAccessBlockConfiguration') as object)).toEqual([true, true, true, true]);
    const rules = dig(bucket, 'LifecycleConfiguration', 'Rules') as Record<string, unknown>[];
    expect(rules).toContainEqual(
      expect.objectContaining({ Prefix: 'results/', ExpirationInDays: { Ref: 'ResultRetentionDays' } }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    expect(rules).toContainEqual({
      Id: 'ExpireDayTiles',
      Status: 'Enabled',
      Prefix: 'tiles/',
      ExpirationInDays: { Ref: 'TileExpiryDays' },
    });
    // Reuse max age is at most 10,080 minutes = 7 days; results must outlive it.
    expect(Number(template.Parameters.ResultRetentionDays.MinValue) * 24 * 60).toBeGreaterThanOrEqual(
      Number(template.Parameters.ResultReuseMaxAgeMinutes.MaxValue),
    );
    expect(dig(resources.ResultsBucketPolicy, 'Properties', 'PolicyDocument', 'Statement', 0)).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('offers the sample lake behind a condition, with partition projection on dt instead of MSCK REPAIR', () => {
    const tables = ofType('AWS::Glue::Table').filter(([, t]) => t.Condition === 'CreateLake');
    expect(tables.map(([, t]) => dig(t, 'Properties', 'TableInput', 'Name'))).toEqual([
      'food_pickup_1_0_0',
      'food_delivery_1_0_0',
      'payment_requested_1_0_0',
      'app_log_1_0_0',
      'bookstore_purchase_1_0_0',
      'thermostat_reading_1_0_0',
    ]);
    for (const [, table] of tables) {
      expect(table.Condition).toBe('CreateLake');
      expect(dig(table, 'Properties', 'TableInput', 'PartitionKeys')).toEqual([
        expect.objectContaining({ Name: 'dt', Type: 'string' }),
      ]);
      expect(dig(table, 'Properties', 'TableInput', 'Parameters')).toMatchObject({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'storage.location.template': { 'Fn::Sub': expect.stringMatching(/-1\.0\.0\/dt=\$\{!dt\}\/$/) },
      });
    }
    // The ingestion path's Parquet tables (generated too, tools/glueTables) exist only with CreateIngestion.
    const converted = ofType('AWS::Glue::Table').filter(([, t]) => t.Condition !== 'CreateLake');
    expect(converted.map(([, t]) => t.Condition)).toEqual(tables.map(() => 'IngestionPath'));
    expect(resources.LakeBucket.Condition).toBe('CreateLake');
    expect(dig(resources.LakeBucket, 'Properties', 'BucketName')).toEqual({ Ref: 'DataBucketName' });
  });

  it('outputs the API URL with its stage and the connector policy ARN', () => {
    expect(template.Outputs.ApiUrl.Value).toEqual(
      sub('https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${ApiStage}'),
    );
    expect(template.Outputs.ConnectorUserPolicyArn.Value).toEqual({ Ref: 'ConnectorUserPolicy' });
  });

  it('passes cfn-lint', () => {
    const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      console.warn('SKIPPED: cfn-lint is not installed here; the template was NOT linted.');
      return;
    }
    const lint = spawnSync('cfn-lint', [templatePath], { encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });
});
