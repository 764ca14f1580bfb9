/** The S3 and Firehose sinks with the real AWS SDK v3 clients against moto_server. */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { createTracker, firehoseSink, s3Sink } from '../../events/src';
import { motoAvailable, startMoto, type Moto } from '../../testing/motoServer';

if (!motoAvailable)
  console.warn('SKIPPING the S3/Firehose sink tests: moto_server is not on PATH (pip install "moto[server]").');
const itWithMoto = motoAvailable ? it : it.skip;

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0);
const reading = (i: number) => ({
  type: 'thermostat-reading',
  version: '1.0.0',
  eventId: `r-${i}`,
  deviceid: 'th-1',
  temp: 20 + i / 10,
  setPoint: 21,
  humidity: 40,
  readingTimestamp: `2026-11-0${1 + (i % 2)} 10:00`,
});

let moto: Moto | undefined;
beforeAll(async () => {
  if (motoAvailable) moto = await startMoto();
});
afterAll(() => moto?.stop());

async function keysAndLines(s3: S3Client, bucket: string): Promise<{ keys: string[]; lines: string[] }> {
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const keys = (list.Contents ?? []).map((o) => o.Key!).sort();
  const bodies = await Promise.all(
    keys.map(async (Key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToString()),
  );
  return { keys, lines: bodies.flatMap((b) => b.split('\n').filter(Boolean)) };
}

describe('event sinks against moto_server', () => {
  itWithMoto(
    'S3: one object per table and day under the prefix; a retry overwrites instead of duplicating',
    async () => {
      const s3 = new S3Client(moto!.clientConfig);
      await s3.send(new CreateBucketCommand({ Bucket: 'lake' }));
      const batch = [0, 1, 2, 3, 4].map(reading);
      expect(await createTracker({ sink: s3Sink(s3, 'lake', 'events/'), now: () => NOW })(batch)).toMatchObject({
        accepted: 5,
      });
      expect(await createTracker({ sink: s3Sink(s3, 'lake', 'events/'), now: () => NOW })(batch)).toMatchObject({
        accepted: 5,
      });
      const { keys, lines } = await keysAndLines(s3, 'lake');
      expect(keys).toHaveLength(2);
      for (const key of keys)
        expect(key).toMatch(/^events\/thermostat-reading-1\.0\.0\/dt=2026-11-0[12]\/\d{13}-[0-9a-f]{16}\.json$/);
      expect(lines.map((l) => JSON.parse(l).eventId).sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      s3.destroy();
    },
  );

  itWithMoto('Firehose: PutRecordBatch to the event type’s stream, in chunks of at most 500 records', async () => {
    const s3 = new S3Client(moto!.clientConfig);
    const firehose = new FirehoseClient(moto!.clientConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'firehose-out' }));
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'thermostat-reading-1-0-0',
        ExtendedS3DestinationConfiguration: {
          BucketARN: 'arn:aws:s3:::firehose-out',
          RoleARN: 'arn:aws:iam::123456789012:role/firehose',
          Prefix: 'converted/',
        },
      }),
    );
    const sink = firehoseSink(firehose, (schema) => `${schema.type}-${schema.version.replace(/\./g, '-')}`);
    const batch = Array.from({ length: 1203 }, (_, i) => reading(i));
    expect(await createTracker({ sink, now: () => NOW })(batch)).toEqual({
      accepted: 1203,
      duplicates: 0,
      rejected: [],
    });
    const { keys, lines } = await keysAndLines(s3, 'firehose-out');
    expect(keys.length).toBe(3);
    expect(lines).toHaveLength(1203);
    expect(new Set(lines.map((l) => JSON.parse(l).eventId)).size).toBe(1203);
    firehose.destroy();
    s3.destroy();
  });
});
