/** The producer library: declare events (events/schemas), then `createTracker({ sink })` and `track([...])`. */
export { EVENT_SCHEMAS } from '../schemas';
export { dayOf, toLakeObjects, type LakeObject, type StampedEvent } from './layout';
export { allFields, folderOf, HEADER_FIELDS, tableNameOf, type EventSchema, type FieldSpec } from './schema';
export { firehoseSink } from './firehoseSink';
export { localSink } from './localSink';
export { s3Sink } from './s3Sink';
export type { EventSink } from './sink';
export {
  createTracker,
  memorySeenIds,
  type RejectedEvent,
  type SeenIds,
  type Tracker,
  type TrackResult,
} from './track';
export { parseTimestamp, schemaLookup, validateEvent, type Validation } from './validate';
export { toTableName } from './layout';
export { JSON_SCHEMA_DIALECT, toJsonSchema, type JsonSchema } from './jsonSchema';
export type { SdkClient } from './sdkClient';
