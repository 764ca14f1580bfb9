/**
 * Checks one event against its declared schema and returns the event as it will be stored (timestamps normalized
 * to ISO-8601 UTC), or the first problem with the field it is about. Unknown fields are refused: the lake's tables
 * have fixed columns, so an extra field would be silently lost.
 */
import { allFields, EVENT_ID_PATTERN, TYPE_PATTERN, VERSION_PATTERN, type EventSchema, type FieldSpec } from './schema';

export type EventRecord = Record<string, unknown>;

export type Validation =
  { ok: true; event: EventRecord; schema: EventSchema } | { ok: false; field: string; reason: string };

/** Finds a schema by type and version. */
export type SchemaLookup = (type: string, version: string) => EventSchema | undefined;

export function schemaLookup(schemas: readonly EventSchema[]): SchemaLookup {
  const byKey = new Map(schemas.map((s) => [`${s.type}@${s.version}`, s]));
  return (type, version) => byKey.get(`${type}@${version}`);
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** The two accepted spellings of an instant (the JSON Schemas, jsonSchema.ts, use the same patterns). */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses the three accepted timestamp spellings to epoch ms; undefined when none matches or the date is unreal. */
export function parseTimestamp(text: string): number | undefined {
  const local = LOCAL_TIME.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s = '00'] = local;
    const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
    const real = back.getUTCMonth() === +mo - 1 && back.getUTCDate() === +d && +h < 24 && +mi < 60 && +s < 60;
    return real ? ms : undefined;
  }
  if (!ISO_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  const [y, mo, d] = text.slice(0, 10).split('-').map(Number);
  if (Number.isNaN(ms) || mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return undefined;
  return ms;
}

function checkRange(field: string, value: number, spec: { min?: number; max?: number }): void {
  if (spec.min !== undefined && value < spec.min) throw new FieldError(field, `must be at least ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) throw new FieldError(field, `must be at most ${spec.max}`);
}

function checkString(field: string, value: unknown, spec: Extract<FieldSpec, { kind: 'string' }>): string {
  if (typeof value !== 'string') throw new FieldError(field, `must be a string, got ${describe(value)}`);
  if (spec.maxLength !== undefined && value.length > spec.maxLength)
    throw new FieldError(field, `must be at most ${spec.maxLength} characters`);
  if (spec.enum && !spec.enum.includes(value)) throw new FieldError(field, `must be one of ${spec.enum.join(', ')}`);
  if (spec.pattern && !spec.pattern.test(value)) throw new FieldError(field, `must match ${spec.pattern.source}`);
  return value;
}

function checkDecimal(field: string, value: unknown, spec: Extract<FieldSpec, { kind: 'decimal' }>): number | string {
  const text =
    typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : undefined;
  const match = text === undefined ? null : /^-?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new FieldError(field, `must be a decimal number, got ${describe(value)}`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > spec.scale) throw new FieldError(field, `must have at most ${spec.scale} decimal places`);
  if (whole.replace(/^0+/, '').length > spec.precision - spec.scale)
    throw new FieldError(field, `must fit decimal(${spec.precision},${spec.scale})`);
  checkRange(field, Number(text), spec);
  return value as number | string;
}

function checkInteger(field: string, value: unknown, spec: Extract<FieldSpec, { kind: 'int' | 'bigint' }>): number {
  const limit = spec.kind === 'int' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new FieldError(field, `must be an integer, got ${describe(value)}`);
  if (Math.abs(value) > limit) throw new FieldError(field, `must be within ±${limit}`);
  checkRange(field, value, spec);
  return value;
}

/** `"lat,lon"`; the ranges are checked on the numbers. */
export const COORDINATES = /^(-?\d{1,3}(?:\.\d{1,10})?),\s?(-?\d{1,3}(?:\.\d{1,10})?)$/;

function checkCoordinates(field: string, value: unknown): unknown {
  const match = typeof value === 'string' ? COORDINATES.exec(value) : null;
  if (!match || Math.abs(+match[1]) > 90 || Math.abs(+match[2]) > 180) {
    throw new FieldError(field, 'must be "lat,lon" with latitude in [-90, 90] and longitude in [-180, 180]');
  }
  return value;
}

function checkValue(field: string, value: unknown, spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'string':
      return checkString(field, value, spec);
    case 'int':
    case 'bigint':
      return checkInteger(field, value, spec);
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new FieldError(field, `must be a number, got ${describe(value)}`);
      checkRange(field, value, spec);
      return value;
    case 'decimal':
      return checkDecimal(field, value, spec);
    case 'boolean':
      if (typeof value !== 'boolean') throw new FieldError(field, `must be true or false, got ${describe(value)}`);
      return value;
    case 'timestamp': {
      const ms = typeof value === 'string' ? parseTimestamp(value) : undefined;
      if (ms === undefined)
        throw new FieldError(field, 'must be a time as YYYY-MM-DD HH:MM[:SS] (UTC) or ISO-8601 with a zone');
      return new Date(ms).toISOString();
    }
    case 'coordinates':
      return checkCoordinates(field, value);
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new FieldError(field, `must be an object, got ${describe(value)}`);
      return checkFields(value as EventRecord, Object.entries(spec.fields), `${field}.`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value;
}

function checkFields(input: EventRecord, fields: [string, FieldSpec][], prefix: string): EventRecord {
  const known = new Set(fields.map(([name]) => name));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) throw new FieldError(`${prefix}${name}`, 'is not a field of this event type');
  }
  const out: EventRecord = {};
  for (const [name, spec] of fields) {
    const value = input[name];
    if (value === undefined || value === null) {
      if (spec.required) throw new FieldError(`${prefix}${name}`, 'is required');
      continue;
    }
    out[name] = checkValue(`${prefix}${name}`, value, spec);
  }
  return out;
}

/** Validates `input`; the schema is picked by its `type` and `version`, which are checked first. */
export function validateEvent(input: unknown, lookup: SchemaLookup): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, field: '(event)', reason: 'must be a JSON object' };
  const record = input as EventRecord;
  const { type, version, eventId } = record;
  if (typeof type !== 'string' || !TYPE_PATTERN.test(type) || type.length > 64)
    return { ok: false, field: 'type', reason: `must match ${TYPE_PATTERN.source}` };
  if (typeof version !== 'string' || !VERSION_PATTERN.test(version) || version.length > 32)
    return { ok: false, field: 'version', reason: `must match ${VERSION_PATTERN.source}` };
  if (eventId !== undefined && (typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId))) {
    return { ok: false, field: 'eventId', reason: `must be a string matching ${EVENT_ID_PATTERN.source}` };
  }
  const schema = lookup(type, version);
  if (!schema) return { ok: false, field: 'type', reason: `unknown event type ${type} ${version}` };
  try {
    return { ok: true, event: checkFields(record, allFields(schema), ''), schema };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, field: err.field, reason: err.message };
    throw err;
  }
}
