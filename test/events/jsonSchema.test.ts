import Ajv2020 from 'ajv/dist/2020';
import { EVENT_SCHEMAS } from '../../events/schemas';
import { folderOf } from '../../events/src/schema';
import { toJsonSchema } from '../../events/src/jsonSchema';
import { schemaLookup, validateEvent } from '../../events/src/validate';
import { exampleEvents } from '../../tools/track/exampleEvents';

/** A standard validator in strict mode: an unknown keyword or a malformed schema is an error, not ignored. */
function compiled() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  return new Map(EVENT_SCHEMAS.map((s) => [folderOf(s), ajv.compile(toJsonSchema(s))]));
}

const NOW = Date.UTC(2026, 11, 6, 12);
const lookup = schemaLookup(EVENT_SCHEMAS);

describe('the JSON Schemas of the declared event types', () => {
  const validators = compiled();

  it.each(EVENT_SCHEMAS.map((s) => [folderOf(s), s.type] as const))('%s accepts the sample events', (folder, type) => {
    const validate = validators.get(folder)!;
    for (const event of exampleEvents(type, 50, NOW)) {
      expect(validate(event) ? [] : validate.errors).toEqual([]);
      expect(validateEvent(event, lookup).ok).toBe(true);
    }
  });

  it.each(EVENT_SCHEMAS.map((s) => [folderOf(s), s.type] as const))(
    '%s refuses what the library refuses',
    (folder, type) => {
      const validate = validators.get(folder)!;
      const [event] = exampleEvents(type, 1, NOW);
      const schema = EVENT_SCHEMAS.find((s) => folderOf(s) === folder)!;
      const [required] = Object.entries(schema.fields).find(([, spec]) => spec.required)!;
      const wrong = [
        { ...event, unknownField: 1 },
        { ...event, version: '9.9.9' },
        { ...event, eventId: null },
        { ...event, eventId: 'has space' },
        { ...event, [required]: undefined },
        { ...event, [schema.timeField]: 'yesterday' },
      ].map((e) => JSON.parse(JSON.stringify(e)));
      for (const candidate of wrong) {
        expect(validate(candidate)).toBe(false);
        expect(validateEvent(candidate, lookup).ok).toBe(false);
      }
    },
  );

  it('bounds numbers and decimals as the library does', () => {
    const purchase = EVENT_SCHEMAS.find((s) => Object.values(s.fields).some((f) => f.kind === 'decimal'))!;
    const [name, spec] = Object.entries(purchase.fields).find(([, f]) => f.kind === 'decimal')!;
    if (spec.kind !== 'decimal') throw new Error('the sample declarations lost their decimal field');
    const validate = validators.get(folderOf(purchase))!;
    const [event] = exampleEvents(purchase.type, 1, NOW);
    const tooWide = '9'.repeat(spec.precision - spec.scale + 1);
    for (const value of [tooWide, Number(tooWide), `1.${'1'.repeat(spec.scale + 1)}`, 'twelve']) {
      expect(validate({ ...event, [name]: value })).toBe(false);
      expect(validateEvent({ ...event, [name]: value }, lookup).ok).toBe(false);
    }
    expect(validate({ ...event, [name]: `1.${'5'.repeat(spec.scale)}` })).toBe(true);
  });
});
