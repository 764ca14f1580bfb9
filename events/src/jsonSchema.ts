/**
 * Each declared event type as a JSON Schema (draft 2020-12), for producers in other languages: what they send can
 * be checked with any standard validator before it reaches the lake (docs/events.md#json-schemas). The schema is
 * derived from the same declaration as validateEvent, and accepts no more than it does; a few checks only the
 * library makes (a real calendar date, a decimal's digits, the coordinate ranges) are named in the description.
 */
import { allFields, HEADER_FIELDS, type EventSchema, type FieldSpec } from './schema';
import { COORDINATES, ISO_TIME, LOCAL_TIME } from './validate';

export type JsonSchema = Record<string, unknown>;

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The pattern source without its `^…$` anchors, to join several into one alternative. */
function unanchored(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

const TIMESTAMP_PATTERN = `^(?:${unanchored(LOCAL_TIME)}|${unanchored(ISO_TIME)})$`;

function range(spec: { min?: number; max?: number }, bounds: { min: number; max: number }): JsonSchema {
  return { minimum: spec.min ?? bounds.min, maximum: spec.max ?? bounds.max };
}

function stringSchema(spec: Extract<FieldSpec, { kind: 'string' }>): JsonSchema {
  return {
    type: 'string',
    ...(spec.pattern ? { pattern: spec.pattern.source } : {}),
    ...(spec.maxLength !== undefined ? { maxLength: spec.maxLength } : {}),
    ...(spec.enum ? { enum: [...spec.enum] } : {}),
  };
}

/** A JSON number, or a numeric string: at most `precision - scale` digits before the point, `scale` after. */
function decimalSchema(spec: Extract<FieldSpec, { kind: 'decimal' }>): JsonSchema {
  const whole = spec.precision - spec.scale;
  const fraction = spec.scale > 0 ? `(?:\\.\\d{1,${spec.scale}})?` : '';
  const limit = 10 ** whole;
  return {
    anyOf: [
      {
        type: 'number',
        exclusiveMaximum: limit,
        ...(spec.min !== undefined ? { minimum: spec.min } : { exclusiveMinimum: -limit }),
      },
      { type: 'string', pattern: `^-?0*\\d{1,${Math.max(whole, 1)}}${fraction}$` },
    ],
  };
}

/** The value schema of one field, without its null allowance. */
function valueSchema(spec: FieldSpec): JsonSchema {
  switch (spec.kind) {
    case 'string':
      return stringSchema(spec);
    case 'int':
      return { type: 'integer', ...range(spec, { min: -(2 ** 31 - 1), max: 2 ** 31 - 1 }) };
    case 'bigint':
      return { type: 'integer', ...range(spec, { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }) };
    case 'double':
      return { type: 'number', ...(spec.min !== undefined ? { minimum: spec.min } : {}), ...maxOf(spec) };
    case 'decimal':
      return decimalSchema(spec);
    case 'boolean':
      return { type: 'boolean' };
    case 'timestamp':
      return { type: 'string', pattern: TIMESTAMP_PATTERN };
    case 'coordinates':
      return { type: 'string', pattern: COORDINATES.source };
    case 'object':
      return objectSchema(Object.entries(spec.fields));
  }
}

function maxOf(spec: { max?: number }): JsonSchema {
  return spec.max !== undefined ? { maximum: spec.max } : {};
}

/** A field as its property: described, and nullable unless required (validateEvent drops a null optional field). */
function propertySchema(spec: FieldSpec): JsonSchema {
  const value = valueSchema(spec);
  if (spec.required) return { description: spec.description, ...value };
  return { description: spec.description, anyOf: [value, { type: 'null' }] };
}

function objectSchema(fields: [string, FieldSpec][]): JsonSchema {
  const required = fields.filter(([, spec]) => spec.required).map(([name]) => name);
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map(([name, spec]) => [name, propertySchema(spec)])),
    ...(required.length > 0 ? { required } : {}),
    // The lake's tables have fixed columns: an extra field would be silently lost, so it is refused.
    additionalProperties: false,
  };
}

/** The JSON Schema of one event type and version; `type` and `version` are pinned to it. */
export function toJsonSchema(schema: EventSchema): JsonSchema {
  const body = objectSchema(allFields(schema));
  const properties = body.properties as Record<string, JsonSchema>;
  properties.type = { ...properties.type, const: schema.type };
  properties.version = { ...properties.version, const: schema.version };
  // An eventId is optional but never null: validateEvent refuses a present non-string id.
  properties.eventId = { description: properties.eventId.description, ...valueSchema(HEADER_FIELDS.eventId) };
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: `${schema.type}-${schema.version}.schema.json`,
    title: `${schema.type} ${schema.version}`,
    description:
      `${schema.description} Checked here: types, required fields, patterns, lengths and ranges. ` +
      'Checked only by the producer library and POST /v1/events: that a time is a real calendar date, the ' +
      'coordinate ranges, and the decimal places of a decimal sent as a JSON number.',
    ...body,
  };
}
