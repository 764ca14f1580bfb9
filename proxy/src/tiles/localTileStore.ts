/**
 * The local tile store: one JSON file per tile under PROXY_TILE_DIR, shared by every proxy process on the machine
 * and kept across restarts. Written to a temporary file in the same folder and renamed into place, which is atomic
 * on one file system, so a reader never sees half a tile.
 *
 * Synchronous on purpose, as the lake listings are (engines/duckdb/lake/dayPartitions.ts): a tile file is small,
 * and a chart's first answer looks up and writes about 90 of them. Through the promise API each read or write is
 * several hops through libuv's thread pool (open, stat, read, close), which cost 5–35 ms of a 90-day first answer;
 * synchronously the same work is about a millisecond (docs/performance.md#day-tiles-first-answer).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertTileKey, decodeTile, encodeTile, type StoredTile, type TileStore } from './tileStore';

export class LocalTileStore implements TileStore {
  constructor(private readonly dir: string) {}

  private fileOf(key: string): string {
    assertTileKey(key);
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<StoredTile | undefined> {
    const file = this.fileOf(key);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined; // absent or unreadable: a miss
    }
    return decodeTile(key, text);
  }

  async put(key: string, tile: StoredTile): Promise<void> {
    const file = this.fileOf(key);
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      writeFileSync(temporary, encodeTile(key, tile));
      renameSync(temporary, file);
    } catch (err) {
      rmSync(temporary, { force: true });
      throw err;
    }
  }
}
