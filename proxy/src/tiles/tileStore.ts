/**
 * Where day tiles are kept (docs/tiles.md#the-tile-store): a folder locally, objects under the results bucket on
 * AWS. A tile is the partial rows of one day under one shape, tagged with the fingerprint of the partitions its
 * query read. Readers trust nothing they read: a tile whose text does not parse, or that names another key, is a
 * miss, never a wrong answer.
 */
import type { TextRow } from './mergeTiles';

export interface StoredTile {
  fingerprint: string;
  rows: TextRow[];
}

export interface TileStore {
  /**
   * The tile under `key`, or undefined (absent, unreadable or corrupt). Never throws. `expectedFingerprint` is the
   * fingerprint the caller will accept: a store with a memory layer answers from memory only when it matches.
   */
  get(key: string, expectedFingerprint?: string): Promise<StoredTile | undefined>;
  /** Stores atomically: a concurrent reader sees the old tile, the new one, or none, never half of one. */
  put(key: string, tile: StoredTile): Promise<void>;
}

const KEY = /^[0-9a-f]{64}$/;

/** Tile keys are SHA-256 hex digests, so they are safe as file and object names. */
export function assertTileKey(key: string): void {
  if (!KEY.test(key)) throw new Error('tile keys are sha256 hex digests'); // keys come from our own code: a bug
}

/** The stored text of a tile: the key is repeated inside, so a file renamed or copied under another key is a miss. */
export function encodeTile(key: string, tile: StoredTile): string {
  return JSON.stringify({ v: 1, key, fingerprint: tile.fingerprint, rows: tile.rows });
}

/**
 * The length of `encodeTile(key, tile)` without building it (the memory layer sizes every tile it keeps): exact
 * unless a value holds a character JSON escapes, each of which adds one to five characters more.
 */
export function encodedLength(key: string, tile: StoredTile): number {
  let length = ENVELOPE_LENGTH + key.length + tile.fingerprint.length + Math.max(0, tile.rows.length - 1);
  for (const row of tile.rows) {
    length += 2 + Math.max(0, row.length - 1); // brackets and commas
    for (const value of row) length += value === null ? 4 : value.length + 2;
  }
  return length;
}

/** The text around an empty key, fingerprint and row list. */
const ENVELOPE_LENGTH = encodeTile('', { fingerprint: '', rows: [] }).length;

export function decodeTile(key: string, text: string): StoredTile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, key: storedKey, fingerprint, rows } = parsed as Record<string, unknown>;
  if (v !== 1 || storedKey !== key || typeof fingerprint !== 'string' || !Array.isArray(rows)) return undefined;
  const valid = rows.every(
    (row) => Array.isArray(row) && row.every((value) => value === null || typeof value === 'string'),
  );
  return valid ? { fingerprint, rows: rows as TextRow[] } : undefined;
}
