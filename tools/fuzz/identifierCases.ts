/**
 * Hostile identifiers: one name slot of an otherwise valid spec (database, table, requested field, filtered field,
 * date column) replaced by text that names nothing in the catalog. Each must be refused with its own ProxyError
 * before any SQL exists.
 */
import fc from 'fast-check';
import type { ErrorCode } from '../../protocol/contract';
import { deriveTableSchema } from '../../proxy/src/fields';
import { hostileText } from './corpus';
import { ALL_TABLES, FUZZ_DATABASE } from './fuzzTables';
import { benignSpec, skeletonArb, type Skeleton, type SpecBody } from './specCases';

export const IDENTIFIER_SLOTS = ['database', 'table', 'field', 'filterField', 'dateColumn'] as const;
export type IdentifierSlot = (typeof IDENTIFIER_SLOTS)[number];

export interface IdentifierCase {
  skeleton: Skeleton;
  slot: IdentifierSlot;
  name: string;
  /** Which requested field is replaced (slot `field`), modulo the field count. */
  index: number;
}

/** Near misses of real names: case, whitespace, quoting, qualification, comments. */
const NEAR_MISSES = [
  'NAME',
  'name ',
  ' name',
  'name"',
  '"name"',
  'events.name',
  'lake.events',
  '"events"',
  'events;',
  'events --',
  'secrets"."token',
  'lake"."secrets',
  'record_count)',
  '*',
  'dt\u0000',
  'Lake',
  'LAKE',
  'lake ',
  '',
  'happened_date\n',
];

const nameArb = fc.oneof(hostileText, fc.constantFrom(...NEAR_MISSES));

function validNames(slot: IdentifierSlot, skeleton: Skeleton): string[] {
  const schema = deriveTableSchema(skeleton.table, skeleton.aggregate);
  switch (slot) {
    case 'database':
      return [FUZZ_DATABASE];
    case 'table':
      return ALL_TABLES.map((t) => t.table);
    case 'dateColumn':
      return schema.dateColumns;
    default:
      return schema.fields.map((f) => f.name);
  }
}

export const identifierCaseArb: fc.Arbitrary<IdentifierCase> = fc
  .record({ skeleton: skeletonArb, slot: fc.constantFrom(...IDENTIFIER_SLOTS), name: nameArb, index: fc.nat() })
  .filter((c) => !validNames(c.slot, c.skeleton).includes(c.name));

/** The benign spec of the skeleton with the one slot replaced. */
export function identifierSpec(c: IdentifierCase): SpecBody {
  const spec = benignSpec(
    { skeleton: c.skeleton, values: [], dateRange: { startDate: '', endDate: '' } },
    c.skeleton.zone,
  );
  switch (c.slot) {
    case 'database':
    case 'table':
      return { ...spec, [c.slot]: c.name };
    case 'field': {
      const fields = [...c.skeleton.fields];
      const i = c.index % fields.length;
      fields[i] = { ...fields[i], name: c.name };
      return { ...spec, fields };
    }
    case 'filterField': {
      const clause = { fieldName: c.name, operator: 'EQUALS', type: 'INCLUDE', values: ['ab'] };
      return { ...spec, dimensionsFilters: [...(spec.dimensionsFilters as unknown[]), [clause]] };
    }
    case 'dateColumn':
      return { ...spec, dateColumn: c.name };
  }
}

/**
 * The error the proxy must answer with: a parse error for empty or over-long names, else the catalog's own error
 * whose `details` carry the name back unchanged.
 */
export function expectedIdentifierError(c: IdentifierCase): {
  code: ErrorCode;
  message?: string;
  details?: Record<string, string>;
} {
  if (c.name === '') return { code: 'INVALID_REQUEST', message: 'must not be empty' };
  if (c.name.length > 10_000) return { code: 'INVALID_REQUEST', message: 'longer than' };
  switch (c.slot) {
    case 'database':
      return { code: 'UNKNOWN_DATABASE', details: { database: c.name } };
    case 'table':
      return { code: 'UNKNOWN_TABLE', details: { table: c.name } };
    case 'dateColumn':
      return { code: 'INVALID_REQUEST', details: { dateColumn: c.name } };
    default:
      return { code: 'UNKNOWN_FIELD', details: { field: c.name } };
  }
}
