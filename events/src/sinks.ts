/**
 * Where the producer writes: straight to S3 in the lake layout, to a Firehose delivery stream per event type, or
 * into a local lake folder (the layout `npm start` serves). Each sink takes the accepted events of one request.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { toLakeObjects, type StampedEvent } from './layout';
import type { EventSchema } from './schema';

export interface EventSink {
  /** Stores the events; resolves once they are durable (or rejects, and the caller reports the batch failed). */
  write(events: readonly StampedEvent[]): Promise<void>;
}

/** One PutObject per table and day, under `prefix` (e.g. `events/`; empty for the bucket root). */
export function s3Sink(client: S3Client, bucket: string, prefix = ''): EventSink {
  return {
    async write(events) {
      await Promise.all(
        toLakeObjects(events).map((object) =>
          client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${object.key}`, Body: object.body, ContentType: 'application/x-ndjson' })),
        ),
      );
    },
  };
}

/** Firehose accepts at most 500 records and 4 MiB per PutRecordBatch (docs/events.md#firehose). */
const MAX_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** PutRecordBatch to the stream of each event type; records that Firehose reports failed are retried once. */
export function firehoseSink(client: FirehoseClient, streamOf: (schema: EventSchema) => string): EventSink {
  async function put(stream: string, lines: string[]): Promise<void> {
    const records = lines.map((line) => ({ Data: Buffer.from(line) }));
    let answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: records }));
    if (!answer.FailedPutCount) return;
    const failed = records.filter((_, i) => answer.RequestResponses?.[i]?.ErrorCode);
    answer = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: failed }));
    if (answer.FailedPutCount) throw new Error(`Firehose refused ${answer.FailedPutCount} record(s) of ${stream}`);
  }
  return {
    async write(events) {
      const byStream = new Map<string, string[]>();
      for (const e of events) {
        const stream = streamOf(e.schema);
        byStream.set(stream, [...(byStream.get(stream) ?? []), `${JSON.stringify(e.event)}\n`]);
      }
      for (const [stream, lines] of byStream) {
        let chunk: string[] = [];
        let bytes = 0;
        for (const line of lines) {
          const size = Buffer.byteLength(line);
          if (chunk.length === MAX_RECORDS || (chunk.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
            await put(stream, chunk);
            [chunk, bytes] = [[], 0];
          }
          chunk.push(line);
          bytes += size;
        }
        if (chunk.length > 0) await put(stream, chunk);
      }
    },
  };
}

/**
 * Files in a local lake folder. Each object is written under a hidden name and renamed into place, so a reader
 * (the DuckDB engine skips `.`-files) never sees half a file.
 */
export function localSink(lakeDir: string): EventSink {
  return {
    async write(events) {
      for (const object of toLakeObjects(events)) {
        const file = path.join(lakeDir, ...object.key.split('/'));
        await fs.mkdir(path.dirname(file), { recursive: true });
        const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
        await fs.writeFile(temp, object.body);
        await fs.rename(temp, file);
      }
    },
  };
}
