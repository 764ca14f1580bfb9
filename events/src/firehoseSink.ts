/** To one Kinesis Data Firehose delivery stream per event type (the template's ingestion path). */
import type { EventSchema } from './schema';
import { loadSdk, type SdkClient } from './sdkClient';
import type { EventSink } from './sink';

/** What the sink reads of a PutRecordBatch answer. */
interface PutRecordBatchAnswer {
  FailedPutCount?: number;
  RequestResponses?: { ErrorCode?: string }[];
}

/** Firehose accepts at most 500 records and 4 MiB per PutRecordBatch (docs/events.md#aws-ingestion-path-firehose). */
const MAX_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** One PutRecordBatch of `lines` to `stream`; records Firehose reports failed are sent once more. */
async function putBatch(client: SdkClient, stream: string, lines: string[]): Promise<void> {
  const { PutRecordBatchCommand } = await loadSdk('@aws-sdk/client-firehose', () => import('@aws-sdk/client-firehose'));
  const send = async (records: { Data: Buffer }[]) =>
    (await client.send(
      new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: records }),
    )) as PutRecordBatchAnswer;
  const records = lines.map((line) => ({ Data: Buffer.from(line) }));
  let answer = await send(records);
  if (!answer.FailedPutCount) return;
  const failed = records.filter((_, i) => answer.RequestResponses?.[i]?.ErrorCode);
  answer = await send(failed);
  if (answer.FailedPutCount) throw new Error(`Firehose refused ${answer.FailedPutCount} record(s) of ${stream}`);
}

/** PutRecordBatch to the stream of each event type; records that Firehose reports failed are retried once. */
export function firehoseSink(client: SdkClient, streamOf: (schema: EventSchema) => string): EventSink {
  const put = (stream: string, lines: string[]) => putBatch(client, stream, lines);
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
