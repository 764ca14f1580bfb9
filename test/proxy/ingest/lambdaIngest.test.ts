/**
 * The Lambda's POST /v1/events: API Gateway event -> handler -> the real Firehose client -> moto_server, which
 * delivers to S3. Without EVENTS_FIREHOSE_STREAM_PREFIX the route is not offered.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { createLambdaHandler } from '../../../proxy/src/lambda';
import { motoAvailable, startMoto, type Moto } from '../../../testing/motoServer';
import { apiGatewayEvent } from '../lambdaWorld';

if (!motoAvailable)
  console.warn('SKIPPING the Lambda ingestion test: moto_server is not on PATH (pip install "moto[server]").');
const itWithMoto = motoAvailable ? it : it.skip;

const apiEvent = (body: unknown) =>
  apiGatewayEvent('POST', '/v1/events', body, { userArn: 'arn:aws:iam::123456789012:user/app' });

const ENV = { ATHENA_WORKGROUP: 'primary', ATHENA_DATABASES: 'lake', AWS_REGION: 'us-east-1' };
const pickup = (eventId: string) => ({
  type: 'food-pickup',
  version: '1.0.0',
  eventId,
  createdAt: new Date().toISOString(),
  courierId: 'c-1',
  restaurantId: 'r-1',
  restaurantCords: '51.1096089,17.0317273',
  clientId: 'cl-1',
});

let moto: Moto | undefined;
beforeAll(async () => {
  if (motoAvailable) moto = await startMoto();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await moto?.stop();
});

describe('Lambda POST /v1/events', () => {
  it('is not offered without a stream prefix', async () => {
    const res = await (await createLambdaHandler(ENV))(apiEvent({ events: [pickup('x')] }));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('NOT_FOUND');
  });

  itWithMoto(
    'puts accepted events on the type’s Firehose stream, reports rejected ones, skips a retried id',
    async () => {
      const s3 = new S3Client(moto!.clientConfig);
      const firehose = new FirehoseClient(moto!.clientConfig);
      await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
      await firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'stack-food-pickup-1.0.0',
          ExtendedS3DestinationConfiguration: {
            BucketARN: 'arn:aws:s3:::data',
            RoleARN: 'arn:aws:iam::123456789012:role/f',
            Prefix: 'converted/food-pickup-1.0.0/',
          },
        }),
      );
      const handler = await createLambdaHandler(
        { ...ENV, EVENTS_FIREHOSE_STREAM_PREFIX: 'stack-' },
        { clientConfig: moto!.clientConfig },
      );
      const first = await handler(apiEvent({ events: [pickup('a'), { ...pickup('b'), clientId: 7 }] }));
      expect([first.statusCode, JSON.parse(first.body)]).toEqual([
        200,
        {
          accepted: 1,
          duplicates: 0,
          rejected: [{ index: 1, field: 'clientId', reason: 'must be a string, got number' }],
        },
      ]);
      const retry = await handler(apiEvent({ events: [pickup('a')] }));
      expect(JSON.parse(retry.body)).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
      const list = await s3.send(new ListObjectsV2Command({ Bucket: 'data', Prefix: 'converted/food-pickup-1.0.0/' }));
      const bodies = await Promise.all(
        (list.Contents ?? []).map(async (o) =>
          (await s3.send(new GetObjectCommand({ Bucket: 'data', Key: o.Key }))).Body!.transformToString(),
        ),
      );
      const events = bodies
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(events.map((e) => e.eventId)).toEqual(['a']);
      expect(events[0].receivedAt).toMatch(/Z$/);
      s3.destroy();
      firehose.destroy();
    },
  );
});
