import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BufferedTileStore,
  LocalTileStore,
  encodeTile,
  type StoredTile,
  type TileStore,
} from '../../../proxy/src/tiles';

const key = (c: string) => c.repeat(64);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'buffered-tiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A shared store that counts reads and holds writes until released. */
class SlowStore implements TileStore {
  reads = 0;
  readonly inner = new LocalTileStore(dir);
  private release?: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.release = resolve));
  constructor(private readonly failWrites = false) {}
  async get(k: string): Promise<StoredTile | undefined> {
    this.reads++;
    return this.inner.get(k);
  }
  async put(k: string, tile: StoredTile): Promise<void> {
    await this.gate;
    if (this.failWrites) throw new Error('disk full');
    await this.inner.put(k, tile);
  }
  open(): void {
    this.release?.();
  }
}

const tile = (fingerprint: string, rows = [['2024-01-01', '3']]) => ({ fingerprint, rows });

describe('BufferedTileStore', () => {
  it('answers a tile it wrote from memory, before the background write lands, and flush waits for it', async () => {
    const shared = new SlowStore();
    const store = new BufferedTileStore(shared, { maxBytes: 1 << 20, writeBehind: true });
    await store.put(key('a'), tile('f1'));
    expect(await store.get(key('a'), 'f1')).toEqual(tile('f1'));
    expect(shared.reads).toBe(0);
    expect(await new LocalTileStore(dir).get(key('a'))).toBeUndefined(); // not written yet
    shared.open();
    await store.flush();
    expect(await new LocalTileStore(dir).get(key('a'))).toEqual(tile('f1')); // another process sees it
  });

  it('starts a background write only on the next turn of the event loop (the answer goes out first)', async () => {
    const started: string[] = [];
    const shared: TileStore = {
      get: async () => undefined,
      put: async (k) => void started.push(k),
    };
    const store = new BufferedTileStore(shared, { maxBytes: 1 << 20, writeBehind: true });
    await store.put(key('a'), tile('f1'));
    await Promise.resolve();
    expect(started).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([key('a')]);
    await store.flush();
  });

  it('asks the shared store when its memory copy has another fingerprint than the caller expects', async () => {
    const store = new BufferedTileStore(new LocalTileStore(dir), { maxBytes: 1 << 20, writeBehind: false });
    await store.put(key('a'), tile('old'));
    await new LocalTileStore(dir).put(key('a'), tile('new', [['2024-01-01', '4']])); // another process's newer tile
    expect(await store.get(key('a'), 'new')).toEqual(tile('new', [['2024-01-01', '4']]));
    expect(await store.get(key('a'))).toEqual(tile('new', [['2024-01-01', '4']])); // remembered
  });

  it('keeps at most maxBytes of tiles, dropping the least recently used', async () => {
    const one = encodeTile(key('a'), tile('f')).length;
    const shared = new SlowStore();
    shared.open();
    const store = new BufferedTileStore(shared, { maxBytes: 2 * one, writeBehind: false });
    await store.put(key('a'), tile('f'));
    await store.put(key('b'), tile('f'));
    await store.get(key('a'), 'f'); // a is now the most recently used
    await store.put(key('c'), tile('f')); // drops b
    const reads = shared.reads;
    await store.get(key('a'), 'f');
    await store.get(key('c'), 'f');
    expect(shared.reads).toBe(reads);
    expect(await store.get(key('b'), 'f')).toEqual(tile('f')); // from the shared store
    expect(shared.reads).toBe(reads + 1);
  });

  it('reports a failed background write and lets flush end', async () => {
    const shared = new SlowStore(true);
    const errors: string[] = [];
    const store = new BufferedTileStore(shared, {
      maxBytes: 1 << 20,
      writeBehind: true,
      onWriteError: (err) => errors.push(err.message),
    });
    await store.put(key('a'), tile('f'));
    shared.open();
    await store.flush();
    expect(errors).toEqual(['disk full']);
  });

  it('passes a failed write on when it does not write behind', async () => {
    const shared = new SlowStore(true);
    shared.open();
    const store = new BufferedTileStore(shared, { maxBytes: 1 << 20, writeBehind: false });
    await expect(store.put(key('a'), tile('f'))).rejects.toThrow('disk full');
  });
});
