/**
 * S3TileStore with the real S3 client against moto_server: a round trip, misses for absent, corrupt and misplaced
 * objects, two instances (two Lambda instances) sharing tiles, a failing bucket that never fails a query; then a
 * 90-day chart answered by a second query service from tiles the first one stored in S3 (0 bytes scanned).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createDuckDbEngine, type DuckDbEngine } from '../../../proxy/src/engines/duckdb';
import { S3TileStore } from '../../../proxy/src/tiles';
import { motoAvailable, startMoto, type Moto } from '../../../testing/motoServer';
import { TILE_DATABASE, TILE_TABLE, writeTileLake } from '../../e2e/tileLake';
import { answerOf, CALLERS, tileService } from '../../e2e/tileWorld';

if (!motoAvailable)
  console.warn('SKIPPING the S3 tile store tests: moto_server is not on PATH (pip install "moto[server]").');
const itWithMoto = motoAvailable ? it : it.skip;

const KEY = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const BUCKET = 'results-bucket';
const PREFIX = 'tiles/';

let moto: Moto | undefined;
let s3: S3Client;
beforeAll(async () => {
  if (!motoAvailable) return;
  moto = await startMoto();
  s3 = new S3Client(moto.clientConfig);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

/** A store as one Lambda instance builds it: its own client. */
function instanceStore(bucket = BUCKET): S3TileStore {
  return new S3TileStore({ client: new S3Client(moto!.clientConfig), bucket, prefix: PREFIX });
}

const putText = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));

describe('S3TileStore against moto_server', () => {
  itWithMoto('round-trips a tile under <prefix><key>, shared by two instances', async () => {
    const tile = { fingerprint: 'f1', rows: [['x', null, '3']] };
    await instanceStore().put(KEY, tile);
    expect(await instanceStore().get(KEY)).toEqual(tile);
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${KEY}` }));
    expect(JSON.parse(await object.Body!.transformToString())).toMatchObject({ key: KEY, fingerprint: 'f1' });
  });

  itWithMoto('answers a miss for absent, corrupt, or misplaced objects and for a missing bucket', async () => {
    const store = instanceStore();
    expect(await store.get('c'.repeat(64))).toBeUndefined();
    await putText(`${PREFIX}${KEY}`, '{"v":1,');
    expect(await store.get(KEY)).toBeUndefined();
    await store.put(OTHER, { fingerprint: 'f', rows: [] });
    const other = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}${OTHER}` }));
    await putText(`${PREFIX}${KEY}`, await other.Body!.transformToString());
    expect(await store.get(KEY)).toBeUndefined(); // a valid tile, but it names another key
    await putText(`${PREFIX}${KEY}`, JSON.stringify({ v: 1, key: KEY, fingerprint: 'f', rows: [[1]] }));
    expect(await store.get(KEY)).toBeUndefined();
    expect(await instanceStore('no-such-bucket').get(KEY)).toBeUndefined();
  });

  itWithMoto('rejects a failed write and keys that are not digests', async () => {
    await expect(instanceStore('no-such-bucket').put(KEY, { fingerprint: 'f', rows: [] })).rejects.toThrow();
    await expect(instanceStore().put('../x', { fingerprint: 'f', rows: [] })).rejects.toThrow();
  });
});

describe('a 90-day chart from tiles in S3', () => {
  let lakeDir: string;
  let duckdb: DuckDbEngine | undefined;
  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(os.tmpdir(), 's3-tile-lake-'));
    await writeTileLake(lakeDir);
    duckdb = await createDuckDbEngine({ lakeDir, database: TILE_DATABASE });
  });
  afterAll(async () => {
    await duckdb?.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  itWithMoto('a second instance answers from the tiles the first stored: 0 bytes, no engine query', async () => {
    const spec = {
      database: TILE_DATABASE,
      table: TILE_TABLE,
      fields: [{ name: 'city' }, { name: 'record_count__rows' }, { name: 'amount__sum' }],
      dateColumn: 'dt',
      dateRange: { startDate: '2024-01-01', endDate: '2024-03-30' },
    };
    const first = await answerOf(tileService(duckdb!, instanceStore()), spec, CALLERS[1]);
    expect(first.stats?.tiles).toEqual({ days: 90, fromStore: 0, computed: 90 });
    const starts = jest.spyOn(duckdb!, 'startQuery');
    const second = await answerOf(tileService(duckdb!, instanceStore()), spec, CALLERS[1]);
    expect(second.stats).toMatchObject({ bytesScanned: 0, tiles: { days: 90, fromStore: 90, computed: 0 } });
    expect(starts).not.toHaveBeenCalled();
    expect(second.text).toBe(first.text);
    expect(second.text).toBe((await answerOf(tileService(duckdb!), spec, CALLERS[1])).text); // the direct path
  });

  itWithMoto('a bucket that refuses writes costs the tiles, never the answer', async () => {
    const spec = {
      database: TILE_DATABASE,
      table: TILE_TABLE,
      fields: [{ name: 'record_count__rows' }],
      dateColumn: 'dt',
      dateRange: { startDate: '2024-02-01', endDate: '2024-02-07' },
    };
    const broken = tileService(duckdb!, instanceStore('no-such-bucket'));
    const answer = await answerOf(broken, spec, CALLERS[1]);
    expect(answer.stats?.tiles).toEqual({ days: 7, fromStore: 0, computed: 7 });
    expect(answer.text).toBe((await answerOf(tileService(duckdb!), spec, CALLERS[1])).text);
  });
});
