/**
 * The benchmark's lake: the project's deterministic sample lake at benchmark scale, generated once and cached.
 * A small stamp file records the options it was made with, so a changed size (or an interrupted run, which never
 * wrote the stamp) regenerates it instead of benchmarking the wrong data.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { generateSampleLake, type SampleLakeSummary } from '../tools/sampleLake/sampleData';

/** What the lake holds; same options ⇒ byte-identical files (generateSampleLake is deterministic). */
export interface BenchLakeOptions {
  dir: string;
  rows: number;
  days: number;
  endDate: string;
}

/** The lake ready to serve, and how long making it took (0 when the cached copy was reused). */
export interface BenchLake {
  dir: string;
  summary: SampleLakeSummary;
  generatedSeconds: number;
  /** Peak RSS of this process after generation, in bytes (generation runs in-process). */
  generationPeakRssBytes: number;
  reused: boolean;
}

// Leading underscore: hidden from the lake scan, like Hadoop's _SUCCESS.
const STAMP = '_bench-lake.json';

interface Stamp {
  options: Omit<BenchLakeOptions, 'dir'>;
  summary: SampleLakeSummary;
  generatedSeconds: number;
  generationPeakRssBytes: number;
}

/** Returns the cached lake when its stamp matches `options`, else generates it and writes the stamp last. */
export async function ensureBenchLake(options: BenchLakeOptions): Promise<BenchLake> {
  const dir = path.resolve(options.dir);
  const wanted = { rows: options.rows, days: options.days, endDate: options.endDate };
  const stamp = await readStamp(dir);
  if (stamp && JSON.stringify(stamp.options) === JSON.stringify(wanted)) {
    return {
      dir,
      summary: stamp.summary,
      generatedSeconds: stamp.generatedSeconds,
      generationPeakRssBytes: stamp.generationPeakRssBytes,
      reused: true,
    };
  }
  await fs.rm(path.join(dir, STAMP), { force: true });
  const started = process.hrtime.bigint();
  const summary = await generateSampleLake({ out: dir, ...wanted });
  const generatedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes; it covers this process's whole life, which at this point is mostly generation.
  const generationPeakRssBytes = process.resourceUsage().maxRSS * 1024;
  const written: Stamp = { options: wanted, summary, generatedSeconds, generationPeakRssBytes };
  await fs.writeFile(path.join(dir, STAMP), `${JSON.stringify(written, null, 2)}\n`);
  return { dir, summary, generatedSeconds, generationPeakRssBytes, reused: false };
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}
