/**
 * `POST /v1/events`: the ingestion use case behind the signed API. It checks the request shape and limits, hands
 * the events to the producer library (events/src/track.ts: validate, stamp, dedupe, write) and answers per event.
 * Limits: the handler's body limit (413), at most MAX_EVENTS_PER_REQUEST events (400), and events over
 * MAX_EVENT_BYTES are rejected one by one (docs/events.md#limits).
 */
import type { IngestEventsResponse } from '../../../protocol/contract';
import { InvalidRequestError } from '../errors';
import type { Tracker } from '../../../events/src';

/** Firehose's PutRecordBatch limit, so one request never needs more than one call per stream. */
export const MAX_EVENTS_PER_REQUEST = 500;
/** A generous bound for one business event; keeps a single event from crowding out a batch. */
export const MAX_EVENT_BYTES = 64 * 1024;

export type EventIngestor = (body: unknown) => Promise<IngestEventsResponse>;

export interface IngestorOptions {
  track: Tracker;
  /** Runs after accepted events were written, with the folders written to (the local server refreshes its catalog). */
  afterWrite?: (folders: string[]) => Promise<void>;
}

export function createEventIngestor(options: IngestorOptions): EventIngestor {
  return async (body) => {
    const events =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as { events?: unknown }).events
        : undefined;
    if (!Array.isArray(events)) throw new InvalidRequestError('The body must be a JSON object {"events": [...]}.');
    const extra = Object.keys(body as object).filter((key) => key !== 'events');
    if (extra.length > 0)
      throw new InvalidRequestError(`Unknown body member "${extra[0].slice(0, 50)}"; expected only "events".`);
    if (events.length === 0) throw new InvalidRequestError('"events" is empty.');
    if (events.length > MAX_EVENTS_PER_REQUEST) {
      throw new InvalidRequestError(`At most ${MAX_EVENTS_PER_REQUEST} events per request; got ${events.length}.`, {
        maxEvents: MAX_EVENTS_PER_REQUEST,
      });
    }
    const oversized: IngestEventsResponse['rejected'] = [];
    const kept: { index: number; event: unknown }[] = [];
    for (const [index, event] of events.entries()) {
      if (Buffer.byteLength(JSON.stringify(event) ?? '') > MAX_EVENT_BYTES) {
        oversized.push({ index, field: '(event)', reason: `is larger than ${MAX_EVENT_BYTES} bytes` });
      } else kept.push({ index, event });
    }
    const result = await options.track(kept.map((k) => k.event));
    const rejected = [...oversized, ...result.rejected.map((r) => ({ ...r, index: kept[r.index].index }))].sort(
      (a, b) => a.index - b.index,
    );
    if (result.accepted - result.duplicates > 0 && options.afterWrite) {
      const rejectedIndexes = new Set(result.rejected.map((r) => r.index));
      const folders = kept
        .filter((_, i) => !rejectedIndexes.has(i))
        .map((k) => k.event as { type: string; version: string });
      await options.afterWrite([...new Set(folders.map((e) => `${e.type}-${e.version}`))]);
    }
    return { accepted: result.accepted, duplicates: result.duplicates, rejected };
  };
}
