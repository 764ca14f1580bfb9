/** Straight to S3 in the lake layout: the simple path, one object per table and day of a call. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { toLakeObjects } from './layout';
import type { EventSink } from './sink';

/** One PutObject per table and day, under `prefix` (e.g. `events/`; empty for the bucket root). */
export function s3Sink(client: S3Client, bucket: string, prefix = ''): EventSink {
  return {
    async write(events) {
      await Promise.all(
        toLakeObjects(events).map((object) =>
          client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `${prefix}${object.key}`,
              Body: object.body,
              ContentType: 'application/x-ndjson',
            }),
          ),
        ),
      );
    },
  };
}
