/**
 * A valid example event of ANY declared type, made from its declaration alone (events/schemas, the rules of
 * events/src/validate.ts): so a newly declared type can be sent with `npm run track` without touching this tool.
 * Every declared field gets a value inside its bounds; a string with a `pattern` gets a value only when one of a
 * few candidates matches it (otherwise an optional field is left out, and a required one is an error naming it).
 */
import { randomUUID } from 'node:crypto';
import type { EventSchema, FieldSpec } from '../../events/src';

type Example = Record<string, unknown>;

const PATTERN_CANDIDATES = (name: string) => ['US', 'EUR', 'en-US', `${name}-1`, 'a1', '1', 'A', 'abc', 'info'];

function stringValue(name: string, spec: Extract<FieldSpec, { kind: 'string' }>, index: number): string | undefined {
  if (spec.enum && spec.enum.length > 0) return spec.enum[index % spec.enum.length];
  const fits = (v: string) =>
    (spec.maxLength === undefined || v.length <= spec.maxLength) && (!spec.pattern || spec.pattern.test(v));
  const plain = `${name}-${index + 1}`;
  if (fits(plain)) return plain;
  return PATTERN_CANDIDATES(name).find(fits);
}

function numberIn(spec: { min?: number; max?: number }, index: number, integer: boolean): number {
  const min = spec.min ?? 0;
  const max = spec.max ?? min + 1000;
  const value = min + ((max - min) * ((index % 10) + 1)) / 11;
  return integer ? Math.min(max, Math.max(min, Math.round(value))) : Math.round(value * 100) / 100;
}

function fieldValue(name: string, spec: FieldSpec, ts: number, index: number): unknown {
  switch (spec.kind) {
    case 'string':
      return stringValue(name, spec, index);
    case 'int':
    case 'bigint':
      return numberIn(spec, index, true);
    case 'double':
      return numberIn(spec, index, false);
    case 'decimal': {
      const value = numberIn(
        { min: spec.min, max: Math.min(10 ** (spec.precision - spec.scale) - 1, 1000) },
        index,
        false,
      );
      return Number(value.toFixed(Math.min(spec.scale, 2)));
    }
    case 'timestamp':
      return new Date(ts).toISOString();
    case 'coordinates':
      return `${(51.1 + index / 1000).toFixed(4)},${(17.03 + index / 1000).toFixed(4)}`;
    case 'boolean':
      return index % 2 === 0;
    case 'object':
      return fieldsOf(spec.fields, ts, index);
  }
}

function fieldsOf(fields: Readonly<Record<string, FieldSpec>>, ts: number, index: number): Example {
  const out: Example = {};
  for (const [name, spec] of Object.entries(fields)) {
    const value = fieldValue(name, spec, ts, index);
    if (value !== undefined) out[name] = value;
    else if (spec.required)
      throw new Error(
        `cannot make an example for required field ${name}: no simple value matches ${String((spec as { pattern?: RegExp }).pattern)}`,
      );
  }
  return out;
}

/** The `index`-th example of `schema`, its event time at `ts`. */
export function declaredExample(schema: EventSchema, ts: number, index: number): Example {
  return {
    type: schema.type,
    version: schema.version,
    eventId: randomUUID(),
    ...fieldsOf(schema.fields, ts, index),
    [schema.timeField]: new Date(ts).toISOString(),
  };
}
