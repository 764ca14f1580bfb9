/**
 * Ids that survive Looker Studio (docs/fields.md#field-ids): "If the formula is invalid, then the field is dropped",
 * silently, so every formula of a schema must reference ids that exist and are valid references (a letter first).
 * Fed column names real lakes have: leading digits and underscores, non-ASCII, formula words, 300 characters,
 * names that differ only in case, punctuation — in both schemas, and as a location pair.
 */
import { deriveTableSchema } from '../../../proxy/src/fields/tableSchema';
import type { LookerField } from '../../../protocol/contract';
import { column, table } from '../../support/tableFixtures';

const LONG = `metric_${'x'.repeat(293)}`;
const AWKWARD = table([
  column('2fa_count', 'bigint'),
  column('1st', 'double'),
  column('_ingest_lag', 'double'),
  column('__sum', 'double'),
  column('größe_cm', 'double'),
  column('température', 'double'),
  column('数量', 'bigint'),
  column('€', 'double'),
  column('sum', 'double'),
  column('avg', 'double'),
  column('count', 'bigint'),
  column('case', 'double'),
  column('select', 'string'),
  column('true', 'double'),
  column('record_count', 'bigint'),
  column(LONG, 'double'),
  column(`${LONG}_2`, 'double'),
  column('Amount', 'double'),
  column('amount', 'double'),
  column('AMOUNT', 'bigint'),
  column('unit price ($)', 'double'),
  column('9_lat', 'double'),
  column('9_lon', 'double'),
  column('dt', 'string', true),
]);

/** Formula references that name no field, or a field whose id is not a valid reference. */
function brokenReferences(fields: LookerField[]): string[] {
  const ids = new Set(fields.map((field) => field.name));
  return fields.flatMap((field) =>
    [...(field.formula ?? '').matchAll(/\$([^\s()*/+,-]+)/g)]
      .map((match) => match[1])
      .filter((ref) => !ids.has(ref) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(ref))
      .map((ref) => `${field.name}: ${field.formula} → ${ref}`),
  );
}

describe.each([true, false])('awkward column names (aggregate %s)', (aggregate) => {
  const fields = deriveTableSchema(AWKWARD, aggregate).fields;
  const ids = fields.map((field) => field.name);

  it('give every field an id that starts with a letter and is unique, also ignoring case', () => {
    expect(ids.filter((id) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(id))).toEqual([]);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });

  it('leave no formula that references a missing or invalid id', () => {
    expect(brokenReferences(fields)).toEqual([]);
    if (aggregate) expect(fields.filter((field) => field.formula).length).toBeGreaterThan(60);
  });

  it('drop no column: each one is described by at least one field', () => {
    const described = AWKWARD.columns.filter((col) =>
      fields.some((field) => field.description?.includes(`"${col.name}"`)),
    );
    expect(described.map((col) => col.name)).toEqual(AWKWARD.columns.map((col) => col.name));
  });
});

describe('the broken-reference check itself', () => {
  it('catches a reference to a missing id and to an id that starts with a digit', () => {
    const field = (name: string, formula?: string) => ({ name, formula }) as LookerField;
    expect(brokenReferences([field('a', 'SUM($b)'), field('2x'), field('c', 'SUM($2x)')])).toEqual([
      'a: SUM($b) → b',
      'c: SUM($2x) → 2x',
    ]);
  });
});
