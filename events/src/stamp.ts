/**
 * Stamping: an accepted event gets `receivedAt` (now) and, when the producer gave none, a random `eventId`. Event
 * times are checked against the clock: the Glue tables project `dt` from 2020-01-01 to NOW
 * (tools/glueTables), so an event dated outside that window would land in a partition no query ever reads.
 */
import { randomUUID } from 'node:crypto';
import type { StampedEvent } from './layout';
import { parseTimestamp, type EventRecord } from './validate';
import type { EventSchema } from './schema';

/** Earliest event time the projected tables can show. */
export const EARLIEST_EVENT_MS = Date.UTC(2020, 0, 1);
/** How far ahead of our clock a producer's clock may run. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface StampOptions {
  now: number;
  maxClockSkewMs?: number;
  newId?: () => string;
}

/** Stamps a validated event, or returns the reason its time is unusable. */
export function stampEvent(
  schema: EventSchema,
  event: EventRecord,
  options: StampOptions,
): StampedEvent | { field: string; reason: string } {
  const field = schema.timeField;
  const timeMs = parseTimestamp(String(event[field]));
  if (timeMs === undefined) return { field, reason: 'is required to place the event in a day partition' };
  const skew = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (timeMs > options.now + skew) {
    return {
      field,
      reason: `is ${Math.round((timeMs - options.now) / 1000)} s in the future (more than the allowed clock skew of ${skew / 1000} s)`,
    };
  }
  if (timeMs < EARLIEST_EVENT_MS) return { field, reason: "is before 2020-01-01, outside the tables' partition range" };
  const eventId = typeof event.eventId === 'string' ? event.eventId : (options.newId ?? randomUUID)();
  return { schema, eventId, timeMs, event: { ...event, eventId, receivedAt: new Date(options.now).toISOString() } };
}
