/**
 * `track(events)`: validates each event against its schema, stamps it, drops repeats of event ids already
 * accepted, and hands the accepted ones to a sink in one write. Invalid events are reported by index with the
 * field and reason, and never written.
 */
import { EVENT_SCHEMAS } from '../schemas';
import type { StampedEvent } from './layout';
import type { EventSchema } from './schema';
import type { EventSink } from './sink';
import { stampEvent } from './stamp';
import { schemaLookup, validateEvent } from './validate';

/** An event that was not accepted. */
export interface RejectedEvent {
  index: number;
  field: string;
  reason: string;
}

export interface TrackResult {
  /** Events stored by this call or already stored earlier under the same eventId. */
  accepted: number;
  /** Of `accepted`, those skipped because their eventId was already stored. */
  duplicates: number;
  rejected: RejectedEvent[];
}

/** Remembers accepted event ids (bounded; the oldest are forgotten first). */
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): void;
}

export function memorySeenIds(limit = 100_000): SeenIds {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value as string);
    },
  };
}

export interface TrackerOptions {
  sink: EventSink;
  schemas?: readonly EventSchema[];
  now?: () => number;
  maxClockSkewMs?: number;
  seen?: SeenIds;
}

export type Tracker = (events: readonly unknown[]) => Promise<TrackResult>;

export function createTracker(options: TrackerOptions): Tracker {
  const lookup = schemaLookup(options.schemas ?? EVENT_SCHEMAS);
  const seen = options.seen ?? memorySeenIds();
  const now = options.now ?? Date.now;
  return async (events) => {
    const rejected: RejectedEvent[] = [];
    const accepted: StampedEvent[] = [];
    const firstIndexOf = new Map<string, number>();
    let duplicates = 0;
    const at = now();
    for (const [index, input] of events.entries()) {
      const checked = validateEvent(input, lookup);
      if (!checked.ok) {
        rejected.push({ index, field: checked.field, reason: checked.reason });
        continue;
      }
      const stamped = stampEvent(checked.schema, checked.event, { now: at, maxClockSkewMs: options.maxClockSkewMs });
      if (!('eventId' in stamped)) {
        rejected.push({ index, ...stamped });
        continue;
      }
      const earlier = firstIndexOf.get(stamped.eventId);
      if (earlier !== undefined) {
        rejected.push({ index, field: 'eventId', reason: `repeats the eventId of event ${earlier} in this batch` });
        continue;
      }
      firstIndexOf.set(stamped.eventId, index);
      if (seen.has(stamped.eventId)) duplicates++;
      else accepted.push(stamped);
    }
    if (accepted.length > 0) await options.sink.write(accepted);
    for (const e of accepted) seen.add(e.eventId);
    return { accepted: accepted.length + duplicates, duplicates, rejected };
  };
}
