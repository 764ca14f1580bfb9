/**
 * Ingestion figure (`npm run bench:ingest [-- --events N]`, also printed at the end of `npm run bench`): signed
 * `POST /v1/events` batches of 500 example food deliveries into a local server on an empty lake, 4 requests in
 * flight. Reports events/s accepted by the endpoint, rows/s landed (until a cache-bypassing count query sees them
 * all), and bytes per event as the JSON lines written vs the same rows as Parquet (Snappy), the Firehose path's form.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startLocalServer } from '../proxy/src/local';
import { exampleEvents } from '../tools/track/exampleEvents';
import { signedPost } from '../tools/track/signedPost';

export interface IngestFigures {
  events: number;
  acceptedPerSecond: number;
  landedRowsPerSecond: number;
  jsonBytesPerEvent: number;
  parquetBytesPerEvent: number;
}

const BATCH = 500;
const IN_FLIGHT = 4;
const CREDENTIALS = {
  accessKeyId: 'AKIDBENCHINGEST',
  secretAccessKey: 'bench-ingest-secret-not-a-real-key',
  region: 'us-east-1',
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function parquetBytes(jsonFiles: string[], scratch: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  try {
    const target = path.join(scratch, 'all.parquet');
    const list = jsonFiles.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
    await db.run(
      `COPY (SELECT * FROM read_json([${list}], format='newline_delimited')) TO '${target}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    return (await fs.stat(target)).size;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** The events as request bodies of at most BATCH example food deliveries each. */
function eventBatches(totalEvents: number): string[] {
  return Array.from({ length: Math.ceil(totalEvents / BATCH) }, (_, i) =>
    JSON.stringify({
      events: exampleEvents('food-delivery', Math.min(BATCH, totalEvents - i * BATCH), Date.now() - 120_000),
    }),
  );
}

/** Posts every batch, IN_FLIGHT at a time; the answer is how many events the endpoint accepted. */
async function postBatches(url: string, batches: string[]): Promise<number> {
  let accepted = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches.length) {
        const answer = await signedPost(url, '/v1/events', batches[next++], CREDENTIALS);
        if (answer.status !== 200) throw new Error(`ingest answered ${answer.status}: ${JSON.stringify(answer.json)}`);
        accepted += answer.json.accepted;
      }
    }),
  );
  return accepted;
}

/** The rows a count query sees now (lastRefresh bypasses the result cache). */
async function countLandedRows(url: string): Promise<number> {
  const spec = {
    database: 'lake',
    table: 'food_delivery_1_0_0',
    fields: [{ name: 'record_count' }],
    lastRefresh: new Date().toISOString(),
  };
  const counted = await signedPost(url, '/v1/queries', JSON.stringify(spec), CREDENTIALS);
  return Number(counted.json.rows?.[0]?.[0] ?? 0);
}

async function totalBytes(files: string[]): Promise<number> {
  return (await Promise.all(files.map((f) => fs.stat(f)))).reduce((sum, s) => sum + s.size, 0);
}

const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export async function runIngestBench(totalEvents = 20_000): Promise<IngestFigures> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-ingest-'));
  const lake = path.join(scratch, 'lake');
  await fs.mkdir(lake);
  const server = await startLocalServer({ lakeDir: lake, port: 0, credentials: CREDENTIALS, log: () => undefined });
  try {
    const batches = eventBatches(totalEvents);
    const started = process.hrtime.bigint();
    const accepted = await postBatches(server.url, batches);
    const acceptedSeconds = secondsSince(started);
    const landed = await countLandedRows(server.url);
    if (landed !== accepted) throw new Error(`landed ${landed} rows of ${accepted} accepted`);
    const landedSeconds = secondsSince(started);
    const jsonFiles = await filesUnder(lake);
    return {
      events: accepted,
      acceptedPerSecond: accepted / acceptedSeconds,
      landedRowsPerSecond: landed / landedSeconds,
      jsonBytesPerEvent: (await totalBytes(jsonFiles)) / accepted,
      parquetBytesPerEvent: (await parquetBytes(jsonFiles, scratch)) / accepted,
    };
  } finally {
    await server.close();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

export function formatIngestReport(f: IngestFigures): string {
  return [
    `Ingestion (POST /v1/events, local server, ${f.events} food-delivery events, batches of ${BATCH}, ${IN_FLIGHT} in flight)`,
    `  accepted:        ${Math.round(f.acceptedPerSecond)} events/s`,
    `  landed:          ${Math.round(f.landedRowsPerSecond)} rows/s (until a count query sees every row)`,
    `  bytes per event: ${f.jsonBytesPerEvent.toFixed(0)} as JSON lines, ${f.parquetBytesPerEvent.toFixed(0)} as Parquet (Snappy)`,
  ].join('\n');
}

const INGEST_HELP = `Usage: npm run bench:ingest -- [--events N]

Sends N food-delivery events (default 20000) through POST /v1/events of a local server and prints events/s
accepted, rows/s landed (until a count query sees every row) and bytes per event as JSON lines and Parquet.
  --help   show this text
`;

if (require.main === module && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  process.stdout.write(INGEST_HELP);
} else if (require.main === module) {
  const i = process.argv.indexOf('--events');
  const events = i > 0 ? Number(process.argv[i + 1]) : 20_000;
  if (!Number.isSafeInteger(events) || events < 1) {
    console.error('--events must be a positive whole number');
    process.exit(2);
  }
  runIngestBench(events).then(
    (f) => console.log(formatIngestReport(f)),
    (err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
