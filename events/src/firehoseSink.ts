/** To one Kinesis Data Firehose delivery stream per event type (the template's ingestion path). */
import { PutRecordBatchCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import type { EventSchema } from './schema';
import type { EventSink } from './sink';

/** Firehose accepts at most 500 records and 4 MiB per PutRecordBatch (docs/events.md#aws-ingestion-path-firehose). */
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
