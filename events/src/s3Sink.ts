/** Straight to S3 in the lake layout: the simple path, one object per table and day of a call. */
import { toLakeObjects } from './layout';
import { loadSdk, type SdkClient } from './sdkClient';
import type { EventSink } from './sink';

/** One PutObject per table and day, under `prefix` (e.g. `events/`; empty for the bucket root). */
export function s3Sink(client: SdkClient, bucket: string, prefix = ''): EventSink {
  return {
    async write(events) {
      const { PutObjectCommand } = await loadSdk('@aws-sdk/client-s3', () => import('@aws-sdk/client-s3'));
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
