/** The ingestion benchmark runs end to end on a small batch; its timings are printed by bench, never asserted. */
import { formatIngestReport, runIngestBench } from './ingest';

it('lands every accepted event and measures JSON and Parquet bytes per event', async () => {
  const figures = await runIngestBench(1_200);
  expect(figures.events).toBe(1_200);
  expect(figures.jsonBytesPerEvent).toBeGreaterThan(100);
  expect(figures.parquetBytesPerEvent).toBeGreaterThan(0);
  expect(figures.parquetBytesPerEvent).toBeLessThan(figures.jsonBytesPerEvent);
  expect(formatIngestReport(figures)).toMatch(/events\/s[\s\S]*rows\/s[\s\S]*as Parquet/);
});
