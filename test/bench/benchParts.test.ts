/** The benchmark's pure parts: percentiles, the GetQueryResults JSON model, argument parsing. */
import { toAthenaResultPages } from '../../bench/athenaJson';
import { percentile, summarizeLatency } from '../../bench/latency';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { COMMITTED_RESULTS, parseBenchArgs, type CliOptions } from '../../bench/run';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes samples and marks an empty set as unknown', () => {
    expect(summarizeLatency([3.14159, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3.1, min: 1, max: 3.1 });
    expect(summarizeLatency([]).n).toBe(0);
    expect(JSON.parse(JSON.stringify(summarizeLatency([]))).p50).toBeNull();
  });
});

describe('toAthenaResultPages', () => {
  const schema = [
    { name: 'ts', dataType: 'STRING' as const },
    { name: 'amount', dataType: 'NUMBER' as const },
    { name: 'day', dataType: 'STRING' as const },
  ];

  it('pages 1,000 rows at a time, with the header row only on the first page and metadata on every page', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ['20261031235959', i, '20261031']);
    const pages = toAthenaResultPages(schema, rows).map((p) => JSON.parse(p));
    expect(pages.map((p) => p.ResultSet.Rows.length)).toEqual([1001, 1000, 500]);
    expect(pages[0].ResultSet.Rows[0].Data.map((d: { VarCharValue: string }) => d.VarCharValue)).toEqual([
      'ts',
      'amount',
      'day',
    ]);
    expect(pages.every((p) => p.ResultSet.ResultSetMetadata.ColumnInfo.length === 3)).toBe(true);
    expect(pages.map((p) => 'NextToken' in p)).toEqual([true, true, false]);
  });

  it('writes values as Athena prints them and NULL as a datum without VarCharValue', () => {
    const [page] = toAthenaResultPages(schema, [['20240301083000', null, '20240301']]).map((p) => JSON.parse(p));
    expect(page.ResultSet.Rows[1].Data).toEqual([
      { VarCharValue: '2024-03-01 08:30:00.000' },
      {},
      { VarCharValue: '2024-03-01' },
    ]);
  });

  it('still answers one page for an empty result', () => {
    expect(toAthenaResultPages(schema, [])).toHaveLength(1);
  });
});

describe('parseBenchArgs', () => {
  it('defaults to the 5 M-row lake and the brief’s repetitions', () => {
    const options = parseBenchArgs([]);
    expect(options).toMatchObject({
      lake: { dir: '.lake/bench-5m', rows: 5_000_000 },
      coldLoads: 5,
      warmLoads: 20,
      rawLoads: 3,
      largeRows: 100_000,
      smoke: false,
    });
  });

  it('writes outside tracked files unless --write asks for the committed baseline', () => {
    const { out } = parseBenchArgs([]) as CliOptions;
    expect(path.relative(REPO_ROOT, out)).toBe(path.join('.local', 'bench-results.json'));
    expect(execFileSync('git', ['check-ignore', '-q', out], { cwd: REPO_ROOT }).length).toBe(0);
    expect((parseBenchArgs(['--smoke', '--write']) as CliOptions).out).toBe(COMMITTED_RESULTS);
    expect(path.relative(REPO_ROOT, COMMITTED_RESULTS)).toBe(path.join('bench', 'results.json'));
  });

  it('reads options, with --smoke making everything small', () => {
    const options = parseBenchArgs(['--smoke', '--warm', '0', '--proxy-heap-mb', '256', '--out', '/tmp/r.json']);
    expect(options).toMatchObject({
      smoke: true,
      lake: { rows: 20_000 },
      warmLoads: 0,
      proxyHeapMb: 256,
      out: '/tmp/r.json',
    });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow('Unknown option --fast');
    expect(() => parseBenchArgs(['--cold', '0'])).toThrow('--cold must be a whole number ≥ 1');
    expect(() => parseBenchArgs(['--rows'])).toThrow('--rows needs a value');
  });
});
