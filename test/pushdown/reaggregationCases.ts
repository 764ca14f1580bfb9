/**
 * Random cases for the re-aggregation property (reaggregation.test.ts): a random table (a random subset of
 * dimension and metric columns, named like a real lake so semantic rules apply, with NULLs and 1–40 rows), the
 * schema mode, the dimensions getData is asked for, the subset the chart groups by, and the picked metrics.
 */
import fc from 'fast-check';
import type { LookerField } from '../../protocol/contract';
import { compileQuery } from '../../proxy/src/sql/compileQuery';
import { resolveFieldCatalog, type FieldBinding } from '../../proxy/src/fields/fieldCatalog';
import { makeRowFormatter } from '../../proxy/src/values/formatValues';
import type { TableDescription } from '../../proxy/src/port/engine';
import { lookerChart, requestedIdsOf, selectableMetrics, type PickedMetric } from './reaggregationModel';

interface ColumnSpec {
  name: string;
  type: string;
  value: fc.Arbitrary<string>;
}

const nullable = (value: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant('NULL') }, { weight: 4, arbitrary: value });
const word = (...words: string[]) => nullable(fc.constantFrom(...words.map((w) => `'${w}'`)));
const decimal = (scale: number, max: number) =>
  nullable(fc.integer({ min: -max, max }).map((n) => (n / scale).toFixed(Math.log10(scale))));

const DIMENSIONS: ColumnSpec[] = [
  { name: 'city', type: 'string', value: word('Berlin', 'Oslo', 'Zürich') },
  { name: 'country_code', type: 'string', value: word('DE', 'NO') },
  { name: 'is_member', type: 'boolean', value: nullable(fc.constantFrom('true', 'false')) },
  { name: 'passenger_count', type: 'integer', value: nullable(fc.integer({ min: 0, max: 3 }).map(String)) },
];
const METRICS: ColumnSpec[] = [
  { name: 'fare_usd', type: 'decimal(10,2)', value: decimal(100, 5000) },
  { name: 'distance_km', type: 'double', value: decimal(1000, 90000) },
  { name: 'qty', type: 'bigint', value: nullable(fc.integer({ min: -5, max: 20 }).map(String)) },
  { name: 'tip_pct', type: 'double', value: decimal(10, 300) },
  // Non-additive (docs/fields.md#additive-or-not): their main field is an average formula.
  { name: 'cabin_temp', type: 'double', value: decimal(10, 400) },
  { name: 'driver_rating', type: 'integer', value: nullable(fc.integer({ min: 1, max: 5 }).map(String)) },
  { name: 'trip_seconds', type: 'bigint', value: nullable(fc.integer({ min: 0, max: 4000 }).map(String)) },
];

export interface ReaggregationCase {
  columns: ColumnSpec[];
  rows: string[][];
  aggregate: boolean;
  /** Random numbers in [0, 1) used to pick requested dimensions, charted dimensions and metrics from the schema. */
  picks: number[];
}

/** A random case; `aggregate` fixes the schema mode. */
export function randomCase(fixed: { aggregate?: boolean } = {}): fc.Arbitrary<ReaggregationCase> {
  const columns = fc
    .tuple(fc.subarray(DIMENSIONS, { minLength: 1 }), fc.subarray(METRICS, { minLength: 1 }))
    .map(([dims, metrics]) => [...dims, ...metrics]);
  return columns.chain((cols) =>
    fc.record({
      columns: fc.constant(cols),
      rows: fc.array(fc.tuple(...cols.map((c) => c.value)), { minLength: 1, maxLength: 40 }),
      aggregate: fixed.aggregate === undefined ? fc.boolean() : fc.constant(fixed.aggregate),
      picks: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 40, maxLength: 40 }),
    }),
  );
}

type Run = (sql: string) => Promise<unknown[][]>;

/** Differences between Looker's chart from the proxy's rows and DuckDB over raw rows (empty when exact). */
export async function checkCase(
  c: ReaggregationCase,
  run: Run,
  schemaOf: (fields: LookerField[]) => LookerField[],
): Promise<string[]> {
  const table: TableDescription = {
    database: 'lake',
    table: 't',
    columns: c.columns.map((col) => ({ name: col.name, type: col.type, partitionKey: false })),
    properties: {},
    isView: false,
  };
  await run(
    `CREATE OR REPLACE TABLE lake.t (${c.columns.map((col) => `"${col.name}" ${col.type === 'string' ? 'varchar' : col.type}`).join(', ')})`,
  );
  await run(`INSERT INTO lake.t VALUES ${c.rows.map((row) => `(${row.join(', ')})`).join(', ')}`);
  const catalog = resolveFieldCatalog(table, c.aggregate);
  // Query statistics (bytes scanned, engine, …) describe the query, not the rows: test/proxy/service covers them.
  const fields = schemaOf(catalog.fields).filter((f) => f.group !== 'Query');
  const picks = [...c.picks];
  const coin = (p: number) => (picks.shift() ?? 0) < p;
  const dimensions = fields.filter((f) => f.semantics.conceptType === 'DIMENSION').map((f) => f.name);
  const requested = dimensions.filter(() => coin(0.5));
  const charted = requested.filter(() => coin(0.6));
  const selectable = selectableMetrics(fields);
  const metrics = selectable.filter(() => coin(Math.min(1, 6 / selectable.length)));
  if (metrics.length === 0) metrics.push(selectable[0]);

  const ids = [...new Set([...requested, ...metrics.flatMap(requestedIdsOf)])];
  const compiled = compileQuery(
    { database: 'lake', table: 't', fields: ids.map((name) => ({ name })), aggregate: c.aggregate },
    table,
    { maxRows: 1_000_000, sampleRows: 100 },
  );
  const format = makeRowFormatter(compiled.output);
  const pushed = (await run(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (${compiled.sql})`)).map((row) =>
    format(row as (string | null)[]),
  );
  const chart = lookerChart(
    compiled.output.map((o) => o.name),
    pushed,
    charted,
    metrics,
  );
  const truth = await rawChart(
    run,
    charted.map((id) => catalog.bindings.get(id)!),
    metrics,
    (id) => catalog.bindings.get(id)!,
  );
  return diff(chart, truth, metrics);
}

/** The same chart computed by DuckDB on the raw rows: each picked metric's meaning, grouped by the dimensions. */
async function rawChart(
  run: Run,
  dims: FieldBinding[],
  metrics: PickedMetric[],
  binding: (id: string) => FieldBinding,
) {
  const dimSql = dims.map((d) => `CAST("${d.column!.info.name}" AS VARCHAR)`);
  const metricSql = metrics.map((m) => rawMetricSql(binding(m.field.name), m.aggregation));
  const sql = `SELECT ${[...dimSql, ...metricSql].join(', ')} FROM lake.t${dims.length > 0 ? ` GROUP BY ${dims.map((_, i) => i + 1).join(', ')}` : ''}`;
  const formatDims = makeRowFormatter(dims.map((d) => ({ name: d.id, dataType: d.dataType, format: d.format })));
  const chart = new Map<string, (number | null)[]>();
  for (const row of await run(sql)) {
    const key = JSON.stringify(formatDims(row.slice(0, dims.length).map((v) => (v === null ? null : String(v)))));
    chart.set(
      key,
      row.slice(dims.length).map((v) => (v === null ? null : Number(v))),
    );
  }
  return chart;
}

/** What a picked metric means over raw rows: the formula field's own aggregate, or the picked aggregation. */
function rawMetricSql(b: FieldBinding, aggregation: PickedMetric['aggregation']): string {
  const raw = b.column ? `"${b.column.info.name}"` : '1';
  const value = b.scale === undefined ? raw : `(CAST(${raw} AS DOUBLE) * ${b.scale})`;
  if (aggregation === 'FORMULA') {
    const own: Partial<Record<FieldBinding['derivation'], string>> = {
      sum: `sum(${value})`,
      min: `min(${value})`,
      max: `max(${value})`,
      count: `count(${value})`,
      average: `avg(CAST(${value} AS DOUBLE))`,
      recordCount: 'count(*)',
    };
    return own[b.derivation] ?? `sum(${value})`;
  }
  const picked: Record<Exclude<PickedMetric['aggregation'], 'FORMULA'>, string> = {
    SUM: `sum(${value})`,
    AVG: `avg(CAST(${value} AS DOUBLE))`,
    MIN: `min(${value})`,
    MAX: `max(${value})`,
    COUNT: `count(${value})`,
    COUNT_DISTINCT: `count(DISTINCT ${value})`,
    MEDIAN: `median(CAST(${value} AS DOUBLE))`,
  };
  return picked[aggregation];
}

function diff(
  chart: Map<string, (number | null)[]>,
  truth: Map<string, (number | null)[]>,
  metrics: PickedMetric[],
): string[] {
  const problems: string[] = [];
  for (const key of new Set([...chart.keys(), ...truth.keys()])) {
    const [a, b] = [chart.get(key), truth.get(key)];
    if (!a || !b) {
      problems.push(`group ${key} only in the ${a ? 'Looker' : 'raw'} chart`);
      continue;
    }
    a.forEach((x, i) => {
      const y = b[i];
      const close =
        x === null || y === null ? x === y : Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
      const m = metrics[i];
      if (!close)
        problems.push(`group ${key}: ${m.aggregation} of ${m.field.name} is ${x} in Looker, ${y} on raw rows`);
    });
  }
  return problems;
}
