/** The chart builder's choices as the proxy's query spec: exactly what the connector's getData would send. */
import type { FilterClause, QuerySpec } from '../../../protocol/contract';

export interface ChartChoices {
  database: string;
  table: string;
  dimensions: string[];
  metrics: string[];
  dateColumn?: string;
  startDate?: string;
  endDate?: string;
  timeZone?: string;
  limit?: number;
  rawRows: boolean;
  filters?: FilterClause[][];
}

export function toQuerySpec(choices: ChartChoices): QuerySpec {
  const dated = choices.dateColumn && choices.startDate && choices.endDate;
  return {
    database: choices.database,
    table: choices.table,
    fields: [...choices.dimensions, ...choices.metrics].map((name) => ({ name })),
    ...(dated
      ? { dateColumn: choices.dateColumn, dateRange: { startDate: choices.startDate!, endDate: choices.endDate! } }
      : {}),
    ...(choices.timeZone ? { timeZone: choices.timeZone } : {}),
    ...(choices.filters ? { dimensionsFilters: choices.filters } : {}),
    ...(choices.limit ? { limit: choices.limit } : {}),
    ...(choices.rawRows ? { aggregate: false } : {}),
  };
}
