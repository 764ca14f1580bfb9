/**
 * How an event type is declared: typed TypeScript definitions, checked by the compiler, with no runtime
 * dependency (docs/events.md#why-typescript-definitions). One declaration per event type and version is the single
 * source of the producer's validation, the Glue tables of the template (tools/glueTables) and the sample lake's
 * columns (tools/sampleLake).
 */

/** Hints for the BI layer (Looker Studio semantic types the connector can use), carried into Glue parameters. */
export type SemanticHint =
  'LATITUDE_LONGITUDE' | 'COUNTRY_CODE' | 'PERCENT' | 'URL' | 'CURRENCY_USD' | 'DURATION' | 'EVENT_TIME';

interface FieldBase {
  /** Shown as the Glue column comment and in the connector's field description. */
  description: string;
  /** Absent or false: the field may be missing or null. */
  required?: boolean;
  semantic?: SemanticHint;
}

/** Text; `pattern` and `maxLength` bound it, `enum` lists the allowed values. */
export interface StringField extends FieldBase {
  kind: 'string';
  pattern?: RegExp;
  maxLength?: number;
  enum?: readonly string[];
}

/** `int` is 32-bit; `bigint` a JSON integer within ±2^53 (what JSON parsers keep exactly). */
export interface IntegerField extends FieldBase {
  kind: 'int' | 'bigint';
  min?: number;
  max?: number;
}

export interface DoubleField extends FieldBase {
  kind: 'double';
  min?: number;
  max?: number;
}

/** Exact decimal: a JSON number (or numeric string) with at most `scale` decimals and `precision` digits. */
export interface DecimalField extends FieldBase {
  kind: 'decimal';
  precision: number;
  scale: number;
  min?: number;
}

/**
 * An instant: `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` (read as UTC) or ISO-8601 with a zone. Stored normalized
 * to ISO-8601 UTC with milliseconds, the form the sample lake uses and the Glue JSON/Parquet readers accept.
 */
export interface TimestampField extends FieldBase {
  kind: 'timestamp';
}

/** A `"lat,lon"` text pair (e.g. `"51.1096089,17.0317273"`), range-checked, stored as text. */
export interface CoordinatesField extends FieldBase {
  kind: 'coordinates';
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

/** A nested object; becomes a Glue `struct<…>` column. */
export interface ObjectField extends FieldBase {
  kind: 'object';
  fields: Readonly<Record<string, FieldSpec>>;
}

export type FieldSpec =
  | StringField
  | IntegerField
  | DoubleField
  | DecimalField
  | TimestampField
  | CoordinatesField
  | BooleanField
  | ObjectField;

/** One event type at one version. */
export interface EventSchema {
  /** `^[a-z][a-z0-9-]*$`; the table folder is `<type>-<version>`. */
  type: string;
  /** `^\d+\.\d+\.\d+$`. */
  version: string;
  description: string;
  /** The field holding the event's own time: it picks the `dt=` day partition. */
  timeField: string;
  /** Body fields in column order (the envelope headers come first, see HEADER_FIELDS). */
  fields: Readonly<Record<string, FieldSpec>>;
}

export const TYPE_PATTERN = /^[a-z][a-z0-9-]*$/;
export const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;
/** Event ids become part of object keys, so they are limited to characters safe in a path segment. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The envelope every event carries, before its own fields. `receivedAt` is stamped by the producer. */
export const HEADER_FIELDS: Readonly<Record<string, FieldSpec>> = {
  type: {
    kind: 'string',
    required: true,
    pattern: TYPE_PATTERN,
    maxLength: 64,
    description: 'Event type, e.g. food-pickup.',
  },
  version: {
    kind: 'string',
    required: true,
    pattern: VERSION_PATTERN,
    maxLength: 32,
    description: 'Schema version of the event type (semver).',
  },
  eventId: {
    kind: 'string',
    pattern: EVENT_ID_PATTERN,
    description: 'Producer-chosen id; a retried event with the same id lands once.',
  },
  receivedAt: {
    kind: 'timestamp',
    description: 'When the producer library or ingestion endpoint accepted the event (UTC).',
  },
};

/** Every column of an event type in order: headers, then its own fields. */
export function allFields(schema: EventSchema): [string, FieldSpec][] {
  return [...Object.entries(HEADER_FIELDS), ...Object.entries(schema.fields)];
}

/** `<type>-<version>`, the table folder and S3 prefix. */
export function folderOf(schema: Pick<EventSchema, 'type' | 'version'>): string {
  return `${schema.type}-${schema.version}`;
}

/** The Glue/Athena table name of the folder: lower case, every other run of characters becomes `_`. */
export function tableNameOf(schema: Pick<EventSchema, 'type' | 'version'>): string {
  return folderOf(schema)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_');
}
