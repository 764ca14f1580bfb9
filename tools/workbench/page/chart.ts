/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * A simple chart of the answer in inline SVG: a time series when the first dimension is a date or time
 * (Looker Studio's YEAR_MONTH_DAY… semantic types, values like `20260704`), bars otherwise; the first metric is
 * plotted. Enough to see the shape of an answer, not a Looker Studio replacement.
 */
import type { LookerField, LookerValue } from '../../../protocol/contract';
import { el, svg } from './dom';

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 60, right: 10, top: 10, bottom: 40 };
const MAX_BARS = 30;

export interface ChartInput {
  schema: { name: string; dataType: string }[];
  rows: LookerValue[][];
  fields: readonly LookerField[];
}

export function renderChart(container: HTMLElement, input: ChartInput): void {
  container.replaceChildren();
  const concept = (name: string) => input.fields.find((f) => f.name === name);
  const dimension = input.schema.findIndex((c) => concept(c.name)?.semantics.conceptType === 'DIMENSION');
  const metric = input.schema.findIndex((c) => concept(c.name)?.semantics.conceptType === 'METRIC');
  if (dimension < 0 || metric < 0 || input.rows.length === 0) {
    container.textContent = 'Chart: pick at least one dimension and one metric.';
    return;
  }
  const semanticType = concept(input.schema[dimension].name)?.semantics.semanticType ?? '';
  const series = input.schema[metric].name;
  const points = input.rows.map((row) => ({ x: String(row[dimension]), y: Number(row[metric]) || 0 }));
  const isTime = semanticType.startsWith('YEAR_MONTH_DAY');
  const title = `${series} by ${input.schema[dimension].name}`;
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: WIDTH,
    height: HEIGHT,
    role: 'img',
    'aria-label': title,
  });
  if (isTime)
    drawLine(
      chart,
      [...points].sort((a, b) => a.x.localeCompare(b.x)),
    );
  else drawBars(chart, [...points].sort((a, b) => b.y - a.y).slice(0, MAX_BARS));
  container.append(el('h3', {}, title), chart);
}

function scaleY(points: readonly { y: number }[]): (y: number) => number {
  const max = Math.max(0, ...points.map((p) => p.y));
  const min = Math.min(0, ...points.map((p) => p.y));
  const span = max - min || 1;
  return (y) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (y - min) / span);
}

function drawAxes(chart: SVGElement, y: (value: number) => number, points: readonly { y: number }[]): void {
  const max = Math.max(0, ...points.map((p) => p.y));
  chart.append(
    svg('line', { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: HEIGHT - PAD.bottom, stroke: '#8c959f' }),
    svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0), stroke: '#8c959f' }),
    svg('text', { x: PAD.left - 4, y: y(max) + 4, 'text-anchor': 'end' }, formatNumber(max)),
    svg('text', { x: PAD.left - 4, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
  );
}

function drawBars(chart: SVGElement, points: readonly { x: string; y: number }[]): void {
  const y = scaleY(points);
  const slot = (WIDTH - PAD.left - PAD.right) / points.length;
  points.forEach((point, i) => {
    const x = PAD.left + i * slot;
    const top = Math.min(y(point.y), y(0));
    const height = Math.abs(y(0) - y(point.y));
    const bar = svg('rect', { class: 'bar', x: x + slot * 0.1, y: top, width: slot * 0.8, height });
    bar.append(svg('title', {}, `${point.x}: ${point.y}`));
    chart.append(
      bar,
      svg('text', { x: x + slot / 2, y: HEIGHT - PAD.bottom + 14, 'text-anchor': 'middle' }, point.x.slice(0, 10)),
    );
  });
  drawAxes(chart, y, points);
}

function drawLine(chart: SVGElement, points: readonly { x: string; y: number }[]): void {
  const y = scaleY(points);
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(1, points.length - 1);
  const path = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${PAD.left + i * step},${y(point.y)}`).join(' ');
  chart.append(svg('path', { class: 'line', d: path }));
  points.forEach((point, i) => {
    const dot = svg('circle', { class: 'dot', cx: PAD.left + i * step, cy: y(point.y), r: 3 });
    dot.append(svg('title', {}, `${point.x}: ${point.y}`));
    chart.append(dot);
  });
  const first = points[0];
  const last = points[points.length - 1];
  chart.append(
    svg('text', { x: PAD.left, y: HEIGHT - PAD.bottom + 14 }, first.x),
    svg('text', { x: WIDTH - PAD.right, y: HEIGHT - PAD.bottom + 14, 'text-anchor': 'end' }, last.x),
  );
  drawAxes(chart, y, points);
}

const formatNumber = (n: number) =>
  Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(n);
