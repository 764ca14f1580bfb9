/**
 * Where accepted events land: `<type>-<version>/dt=YYYY-MM-DD/<first-event-ms>-<batch-id>.json`, one JSON line
 * per event, one object per event type, version and day of a request. The batch id is a hash of the batch's
 * event ids, so a retried batch overwrites its own object instead of adding a second copy (docs/events.md#idempotency).
 */
import { createHash } from 'node:crypto';
import { EVENT_ID_PATTERN, folderOf, TYPE_PATTERN, VERSION_PATTERN, type EventSchema } from './schema';
import type { EventRecord } from './validate';

/** An accepted event, ready to store. */
export interface StampedEvent {
  schema: EventSchema;
  /** The stored form (validated, normalized, stamped). */
  event: EventRecord;
  eventId: string;
  /** Event time in epoch ms (the schema's timeField): picks the day partition. */
  timeMs: number;
}

/** One object to write. */
export interface LakeObject {
  /** Relative key, `/`-separated, e.g. `food-pickup-1.0.0/dt=2026-11-02/1793577600000-3f2a….json`. */
  key: string;
  body: string;
  events: number;
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Refuses anything that could leave the `<type>-<version>/dt=<day>/` layout (validation already did; belt and braces). */
function assertSafeKey(schema: EventSchema, day: string, ids: string[]): void {
  const safe =
    TYPE_PATTERN.test(schema.type) &&
    VERSION_PATTERN.test(schema.version) &&
    /^\d{4}-\d{2}-\d{2}$/.test(day) &&
    ids.every((id) => EVENT_ID_PATTERN.test(id));
  if (!safe) throw new Error('event type, version, day or id outside the lake layout');
}

/** Groups events by table folder and day, one object each, lines in the order given. */
export function toLakeObjects(events: readonly StampedEvent[]): LakeObject[] {
  const groups = new Map<string, StampedEvent[]>();
  for (const item of events) {
    const prefix = `${folderOf(item.schema)}/dt=${dayOf(item.timeMs)}`;
    groups.set(prefix, [...(groups.get(prefix) ?? []), item]);
  }
  return [...groups.entries()].map(([prefix, group]) => {
    const ids = group.map((g) => g.eventId);
    assertSafeKey(group[0].schema, dayOf(group[0].timeMs), ids);
    const batchId = createHash('sha256')
      .update([...ids].sort().join('\n'))
      .digest('hex')
      .slice(0, 16);
    const first = Math.min(...group.map((g) => g.timeMs));
    return {
      key: `${prefix}/${first}-${batchId}.json`,
      body: group.map((g) => `${JSON.stringify(g.event)}\n`).join(''),
      events: group.length,
    };
  });
}

/** The table a lake folder becomes, named as a Glue crawler names it: lower-case, every run of characters outside
 *  [a-z0-9_] becomes `_` (`food-pickup-1.0.0` → `food_pickup_1_0_0`). */
export function toTableName(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}
