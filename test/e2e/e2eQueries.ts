/** Request builders and result helpers shared by the end-to-end getData tests. */
import type { FilterClause, LookerValue } from '../../protocol/contract';
import type { GetDataResponse } from '../../connector/src/lookerTypes';
import type { World } from './e2eEnvironment';
import { E2E_TABLE } from './e2eLake';
import type { ReferenceDb } from './referenceSql';

/** Data source configs of the orders table: raw rows, and the default aggregation pushdown. */
export const RAW = { database: 'lake', table: E2E_TABLE, dateColumn: '(none)', rawRows: 'true' };
export const AGGREGATED = { database: 'lake', table: E2E_TABLE, dateColumn: '(none)' };

/** One filter clause as Looker Studio sends it. */
export const clause = (
  fieldName: string,
  operator: FilterClause['operator'],
  values: string[],
  type: FilterClause['type'] = 'INCLUDE',
): FilterClause => ({ fieldName, operator, values, type });

/** Rows ordered by their first value, NULL first (Looker Studio gives no row-order guarantee to compare with). */
export function sortByFirst(rows: LookerValue[][]): LookerValue[][] {
  const key = (value: LookerValue) => (value === null ? '' : `~${String(value)}`);
  return [...rows].sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : key(a[0]) > key(b[0]) ? 1 : 0));
}

/** Rows ordered by their numeric first value (the order id). */
export function sortById(rows: LookerValue[][]): LookerValue[][] {
  return [...rows].sort((a, b) => (a[0] as number) - (b[0] as number));
}

/** getData calls and reference look-ups bound to one world and one reference database. */
export interface QueryHelpers {
  getData(request: Record<string, unknown>): GetDataResponse;
  /** Order ids of the raw rows the connector returns for `filters`, sorted, with the response. */
  filteredIds(filters: FilterClause[][]): { ids: number[]; response: GetDataResponse };
  /** Order ids SQL finds for a hand-written predicate over the `orders` view, sorted. */
  idsWhere(predicate: string): Promise<unknown[]>;
}

/** Lazily bound (the world and database exist only after beforeAll). */
export function createQueryHelpers(world: () => World, db: () => ReferenceDb): QueryHelpers {
  const getData = (request: Record<string, unknown>) => world().connector.invoke<GetDataResponse>('getData', request);
  return {
    getData,
    filteredIds(filters) {
      const response = getData({ configParams: RAW, fields: [{ name: 'order_id' }], dimensionsFilters: filters });
      return { ids: response.rows.map((r) => r.values[0] as number).sort((a, b) => a - b), response };
    },
    idsWhere: async (predicate) =>
      (await db().rows(`SELECT order_id::INTEGER FROM orders WHERE ${predicate} ORDER BY order_id`)).map((r) => r[0]),
  };
}
