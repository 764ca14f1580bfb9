/**
 * Athena refuses query text longer than 262,144 bytes (docs/athena.md#query-length). The request limits allow far
 * more (ten 1,000-value IN lists of e-mail addresses compile to ~310 KB), so the compiler measures its own output
 * and refuses it before any engine is called, naming the filter that made it long so the report author knows what
 * to shorten.
 */
import type { FilterClause } from '../../../protocol/contract';
import { InvalidRequestError } from '../errors';
import type { Predicate } from './sqlText';

/** Athena's StartQueryExecution QueryString limit, in UTF-8 bytes. */
export const MAX_QUERY_BYTES = 262_144;

const encoder = new TextEncoder();

/** The UTF-8 length of `text`: Athena counts bytes, and a non-ASCII filter value costs more than one. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Throws InvalidRequestError when `sql` is over the limit. `groups` are the request's filter groups and
 * `predicates` their compiled SQL (one per group, same order) when the filters were applied.
 */
export function enforceQueryLength(sql: string, groups: FilterClause[][], predicates: Predicate[] | undefined): void {
  const queryBytes = utf8Length(sql);
  if (queryBytes <= MAX_QUERY_BYTES) return;
  const details: Record<string, unknown> = { queryBytes, limitBytes: MAX_QUERY_BYTES };
  const largest = predicates ? largestGroup(predicates) : undefined;
  if (largest === undefined) {
    throw new InvalidRequestError(
      `The query is ${queryBytes} bytes long, over Athena's limit of ${MAX_QUERY_BYTES} bytes: request fewer fields.`,
      details,
    );
  }
  const fieldNames = [...new Set(groups[largest.index].map((clause) => clause.fieldName))];
  const values = groups[largest.index].reduce((sum, clause) => sum + clause.values.length, 0);
  throw new InvalidRequestError(
    `The query is ${queryBytes} bytes long, over Athena's limit of ${MAX_QUERY_BYTES} bytes. The largest part is ` +
      `the filter on ${fieldNames.map((name) => `"${name}"`).join(', ')} (${values} values, ${largest.bytes} bytes ` +
      `of SQL): filter on fewer or shorter values.`,
    { ...details, filter: { index: largest.index, fieldNames, values, bytes: largest.bytes } },
  );
}

function largestGroup(predicates: Predicate[]): { index: number; bytes: number } | undefined {
  let best: { index: number; bytes: number } | undefined;
  predicates.forEach((predicate, index) => {
    const bytes = utf8Length(predicate.sql);
    if (!best || bytes > best.bytes) best = { index, bytes };
  });
  return best;
}
