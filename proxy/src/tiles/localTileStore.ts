/**
 * The local tile store: one JSON file per tile under PROXY_TILE_DIR, shared by every proxy process on the machine
 * and kept across restarts. Written to a temporary file in the same folder and renamed into place, which is atomic
 * on one file system, so a reader never sees half a tile.
 *
 * Read synchronously, written asynchronously, both on purpose: a chart's first answer looks up about 90 tile files,
 * and through the promise API each lookup is several hops through libuv's thread pool (5–35 ms for 90), against
 * microseconds synchronously. Creating a file costs about a millisecond on the machines measured, so writes stay
 * off the event loop: 90 synchronous writes held every other request for ~130 ms when tried
 * (docs/performance.md#day-tiles-first-answer).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
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
    // Misses are the common case in a cold store; answered without a thrown error they cost ~2 µs instead of ~20.
    if (!existsSync(file)) return undefined;
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
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      await fs.writeFile(temporary, encodeTile(key, tile));
      await fs.rename(temporary, file);
    } catch (err) {
      await fs.rm(temporary, { force: true });
      throw err;
    }
  }
}
