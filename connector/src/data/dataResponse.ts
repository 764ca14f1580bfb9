/**
 * Query result → getData response (docs/reference-looker-studio.md#getdata-response). The proxy already returns values
 * in Looker Studio's formats and in request order; this checks that promise instead of trusting it, because a
 * schema/row misalignment silently puts numbers under the wrong field (community-connectors PR #255).
 */
import type { QuerySpec } from '../../../protocol/contract';
import { ConnectorError } from '../errors';
import type { GetDataResponse } from '../lookerTypes';
import type { QueryOutcome } from '../client';

/** The fields the response must list: all requested ones, minus filter-only fields when filters were applied. */
export function expectedFieldNames(spec: QuerySpec, filtersApplied: boolean): string[] {
  return spec.fields.filter((f) => !(filtersApplied && f.forFilterOnly)).map((f) => f.name);
}

/** Builds `{schema, rows:[{values}], filtersApplied}`, failing loudly on any misalignment. */
export function toGetDataResponse(spec: QuerySpec, outcome: QueryOutcome): GetDataResponse {
  const expected = expectedFieldNames(spec, outcome.filtersApplied);
  const actual = outcome.schema.map((f) => f.name);
  if (actual.join('\u0000') !== expected.join('\u0000')) {
    throw misaligned(
      outcome.queryId,
      `requested fields [${expected.join(', ')}], proxy returned [${actual.join(', ')}]`,
    );
  }
  const rows = outcome.rows.map((values, i) => {
    if (!Array.isArray(values) || values.length !== expected.length) {
      throw misaligned(
        outcome.queryId,
        `row ${i} has ${Array.isArray(values) ? values.length : 'no'} values, expected ${expected.length}`,
      );
    }
    return { values };
  });
  return {
    schema: outcome.schema.map((f) => ({ name: f.name, dataType: f.dataType })),
    rows,
    filtersApplied: outcome.filtersApplied,
  };
}

function misaligned(queryId: string, detail: string): ConnectorError {
  return new ConnectorError(
    `The query proxy answered query ${queryId} with fields that do not match the request. ` +
      'Refresh the data source fields; if it persists, the proxy and connector versions differ.',
    detail,
  );
}
