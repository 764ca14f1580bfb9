/**
 * The declared event types as the page shows them (events/schemas): each field's kind, whether it is required and
 * its description, plus one example event built from the declaration that the page offers as a starting point.
 * The proxy validates whatever is sent, so an example the user edits into something invalid is answered with the
 * proxy's own rejection.
 */
import { EVENT_SCHEMAS, type EventSchema, type FieldSpec } from '../../../events/src';

export interface DeclaredField {
  name: string;
  kind: string;
  required: boolean;
  description: string;
}

export interface DeclaredEventType {
  type: string;
  version: string;
  description: string;
  fields: DeclaredField[];
  example: Record<string, unknown>;
}

/** Text values tried in order until one fits the field's pattern and length. */
const TEXT_CANDIDATES = ['example', 'example-1', 'USD', 'US', 'https://example.com/a', 'a', '1'];

export function declaredEventTypes(
  schemas: readonly EventSchema[] = EVENT_SCHEMAS,
  now = new Date(),
): DeclaredEventType[] {
  return schemas.map((schema) => ({
    type: schema.type,
    version: schema.version,
    description: schema.description,
    fields: Object.entries(schema.fields).map(([name, spec]) => ({
      name,
      kind: spec.kind,
      required: spec.required === true,
      description: spec.description,
    })),
    example: { type: schema.type, version: schema.version, ...exampleBody(schema.fields, now) },
  }));
}

function exampleBody(fields: Readonly<Record<string, FieldSpec>>, now: Date): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, exampleValue(spec, now)]));
}

function exampleValue(spec: FieldSpec, now: Date): unknown {
  switch (spec.kind) {
    case 'string':
      return spec.enum?.[0] ?? fittingText(spec.pattern, spec.maxLength);
    case 'int':
    case 'bigint':
    case 'double':
      return Math.max(spec.min ?? 1, Math.min(spec.max ?? 1, 1));
    case 'decimal':
      return Math.max(spec.min ?? 1, 1);
    case 'timestamp':
      return now.toISOString();
    case 'coordinates':
      return '51.1096089,17.0317273';
    case 'boolean':
      return true;
    case 'object':
      return exampleBody(spec.fields, now);
  }
}

function fittingText(pattern: RegExp | undefined, maxLength: number | undefined): string {
  const fits = (text: string) =>
    (!pattern || pattern.test(text)) && (maxLength === undefined || text.length <= maxLength);
  return TEXT_CANDIDATES.find(fits) ?? 'example';
}
