/**
 * A memory layer in front of a shared tile store (docs/tiles.md#the-tile-store): recently read or written tiles
 * are answered from this process's memory (bounded by their encoded size, least recently used dropped first), and
 * optionally written behind: `put` returns at once and the write to the shared store runs in the background, so a
 * chart's first answer does not wait for 90 tile files (docs/performance.md#day-tiles-first-answer). `flush()`
 * waits for the writes still running; the local server calls it when it closes.
 *
 * A memory copy is used only while its fingerprint is the one the caller expects: after another process stored a
 * newer tile under the same key, the shared store answers instead, so no day is computed twice because of this
 * layer.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { encodedLength, type StoredTile, type TileStore } from './tileStore';

export interface BufferedTileStoreOptions {
  /** Most bytes (encoded tile text) kept in memory. */
  maxBytes: number;
  /** Write to the shared store in the background (`put` returns at once) instead of waiting for it. */
  writeBehind: boolean;
  /** Called with a background write's failure (the tile stays a miss for other processes). */
  onWriteError?: (err: Error) => void;
}

/** 16 MiB: about 40 days of the largest tiles the row bound allows, thousands of typical ones. */
export const DEFAULT_TILE_MEMORY_BYTES = 16 * 1024 * 1024;

export class BufferedTileStore implements TileStore {
  private readonly memory = new Map<string, { tile: StoredTile; bytes: number }>();
  private memoryBytes = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly shared: TileStore,
    private readonly options: BufferedTileStoreOptions,
  ) {}

  async get(key: string, expectedFingerprint?: string): Promise<StoredTile | undefined> {
    const held = this.memory.get(key);
    if (held && (expectedFingerprint === undefined || held.tile.fingerprint === expectedFingerprint)) {
      this.memory.delete(key);
      this.memory.set(key, held);
      return held.tile;
    }
    const stored = await this.shared.get(key, expectedFingerprint);
    if (stored) this.remember(key, stored);
    return stored;
  }

  async put(key: string, tile: StoredTile): Promise<void> {
    this.remember(key, tile);
    if (!this.options.writeBehind) return this.shared.put(key, tile);
    // Started on the next turn of the event loop, so the answer that computed the tile goes out first.
    const tracked: Promise<void> = nextTurn()
      .then(() => this.shared.put(key, tile))
      .catch((err: Error) => this.options.onWriteError?.(err))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Drops every memory copy (the shared store keeps its tiles): the next reads go to the shared store. */
  clearMemory(): void {
    this.memory.clear();
    this.memoryBytes = 0;
  }

  /** Resolves once every background write started so far has ended. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private remember(key: string, tile: StoredTile): void {
    const bytes = encodedLength(key, tile);
    const old = this.memory.get(key);
    if (old) {
      this.memory.delete(key);
      this.memoryBytes -= old.bytes;
    }
    if (bytes > this.options.maxBytes) return;
    this.memory.set(key, { tile, bytes });
    this.memoryBytes += bytes;
    for (const [oldest, entry] of this.memory) {
      if (this.memoryBytes <= this.options.maxBytes) break;
      this.memory.delete(oldest);
      this.memoryBytes -= entry.bytes;
    }
  }
}
