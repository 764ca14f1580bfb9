/**
 * The scripted dashboard: eight charts over the sample lake, as Looker Studio would request them with getData —
 * with aggregation pushdown (the default schema) or with the data source's "raw rows" option, which is what
 * existing Athena connectors do.
 */
import type { FilterClause } from '../protocol/contract';
import type { GetDataRequest } from '../connector/src/lookerTypes';
import { pushdownFieldsOf, rawFieldsOf, type Chart } from '../tools/lookerModel/lookerChart';

export interface DashboardChart {
  id: string;
  title: string;
  /** Time-series and top-N charts are the ones the row-reduction target applies to. */
  kind: 'timeSeries' | 'topN' | 'scorecard' | 'table' | 'pivot';
  table: string;
  chart: Chart;
  filters?: FilterClause[][];
}

/** The dashboard's date range (its last 90 days of the 120-day lake), on the `dt` partition. */
export const DASHBOARD_RANGE = { startDate: '2026-08-03', endDate: '2026-10-31' };

export const DASHBOARD: DashboardChart[] = [
  {
    id: 'daily',
    title: 'Deliveries per day',
    kind: 'timeSeries',
    table: 'food_delivery_1_0_0',
    chart: { dimensions: ['deliverytimestamp_date'], metrics: [{ kind: 'recordCount' }] },
  },
  {
    id: 'hourly',
    title: 'Pickups and avg wait per hour',
    kind: 'timeSeries',
    table: 'food_pickup_1_0_0',
    chart: {
      dimensions: ['pickuptimestamp_hour'],
      metrics: [{ kind: 'recordCount' }, { kind: 'avg', column: 'waitseconds' }],
    },
  },
  {
    id: 'top10',
    title: 'Top 10 titles by revenue',
    kind: 'topN',
    table: 'bookstore_purchase_1_0_0',
    chart: { dimensions: ['title'], metrics: [{ kind: 'sum', column: 'price' }] },
  },
  {
    id: 'payments',
    title: 'Scorecard: payments',
    kind: 'scorecard',
    table: 'payment_requested_1_0_0',
    chart: { dimensions: [], metrics: [{ kind: 'recordCount' }] },
  },
  {
    id: 'amount',
    title: 'Scorecard: amount requested',
    kind: 'scorecard',
    table: 'payment_requested_1_0_0',
    chart: { dimensions: [], metrics: [{ kind: 'sum', column: 'amount' }] },
  },
  {
    id: 'avgTemp',
    title: 'Scorecard: average temperature',
    kind: 'scorecard',
    table: 'thermostat_reading_1_0_0',
    chart: { dimensions: [], metrics: [{ kind: 'avg', column: 'temp' }] },
  },
  {
    id: 'errors',
    title: 'Table: warnings and errors by source and day',
    kind: 'table',
    table: 'app_log_1_0_0',
    chart: { dimensions: ['source', 'logtype', 'timestamp_date'], metrics: [{ kind: 'recordCount' }] },
    filters: [
      [{ fieldName: 'logtype', operator: 'IN_LIST', values: ['ERROR', 'WARN'], type: 'INCLUDE' }],
      [{ fieldName: 'source', operator: 'IS_NULL', values: [], type: 'EXCLUDE' }],
    ],
  },
  {
    id: 'pivot',
    title: 'Pivot: city × status, count and avg distance',
    kind: 'pivot',
    table: 'food_delivery_1_0_0',
    chart: {
      dimensions: ['city', 'status'],
      metrics: [{ kind: 'recordCount' }, { kind: 'avg', column: 'distancekm' }],
    },
  },
];

/** Options of one getData call. */
export interface RequestOptions {
  /** The data source's "raw rows" option (pushdown off). */
  rawRows: boolean;
  dateRange?: { startDate: string; endDate: string };
  rowLimit?: number;
}

/** The getData request for `chart`: its dimensions, the fields its metrics need, filters as forFilterOnly fields. */
export function toGetDataRequest(chart: DashboardChart, options: RequestOptions): GetDataRequest {
  const metricFields = chart.chart.metrics.flatMap(options.rawRows ? rawFieldsOf : pushdownFieldsOf);
  const selected = [...new Set([...chart.chart.dimensions, ...metricFields])];
  const filterOnly = [...new Set((chart.filters ?? []).flat().map((f) => f.fieldName))].filter(
    (name) => !selected.includes(name),
  );
  return {
    configParams: {
      database: 'lake',
      table: chart.table,
      dateColumn: 'dt',
      ...(options.rawRows ? { rawRows: 'true' } : {}),
      ...(options.rowLimit !== undefined ? { rowLimit: String(options.rowLimit) } : {}),
    },
    fields: [...selected.map((name) => ({ name })), ...filterOnly.map((name) => ({ name, forFilterOnly: true }))],
    dateRange: options.dateRange ?? DASHBOARD_RANGE,
    ...(chart.filters ? { dimensionsFilters: chart.filters } : {}),
  };
}
