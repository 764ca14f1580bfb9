import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalTileStore } from '../../../proxy/src/tiles';

const KEY = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tile-store-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalTileStore', () => {
  it('round-trips a tile and leaves no temporary file behind', async () => {
    const store = new LocalTileStore(dir);
    const tile = { fingerprint: 'f1', rows: [['x', null, '3']] };
    await store.put(KEY, tile);
    expect(await store.get(KEY)).toEqual(tile);
    expect(readdirSync(path.join(dir, 'aa'))).toEqual([`${KEY}.json`]);
    expect(await new LocalTileStore(dir).get(KEY)).toEqual(tile); // another process, same folder
  });

  it('answers a miss for absent, corrupt, or misplaced tiles', async () => {
    const store = new LocalTileStore(dir);
    expect(await store.get(KEY)).toBeUndefined();
    await store.put(OTHER, { fingerprint: 'f', rows: [] });
    const misplaced = path.join(dir, 'aa', `${KEY}.json`);
    rmSync(path.join(dir, 'aa'), { recursive: true, force: true });
    mkdirSync(path.join(dir, 'aa'));
    writeFileSync(misplaced, readFileSync(path.join(dir, 'bb', `${OTHER}.json`)));
    expect(await store.get(KEY)).toBeUndefined(); // names another key inside
    writeFileSync(misplaced, '{"v":1,');
    expect(await store.get(KEY)).toBeUndefined();
    writeFileSync(misplaced, JSON.stringify({ v: 1, key: KEY, fingerprint: 'f', rows: [[1]] }));
    expect(await store.get(KEY)).toBeUndefined(); // values must be text or null
  });

  it('refuses keys that are not digests (they would name paths)', async () => {
    await expect(new LocalTileStore(dir).put('../x', { fingerprint: 'f', rows: [] })).rejects.toThrow();
  });
});
