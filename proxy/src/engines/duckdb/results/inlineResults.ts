/**
 * Small results never touch a file: the text rows are read straight from DuckDB and kept in memory, in a store
 * with a byte budget. Only a result that outgrows the per-query threshold goes to a result file (resultStore.ts).
 * Thresholds and their measurement: docs/performance.md#inline-results.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readTextRows, type TextRows } from './textRows';

export type { TextRows } from './textRows';

/** When a result stays in memory. */
export interface InlineLimits {
  /** Most rows kept inline (0: every result goes to a file). */
  maxRows: number;
  /** Most estimated bytes one inline result may hold. */
  maxBytes: number;
  /** Most estimated bytes all inline results together may hold; the oldest are dropped beyond it. */
  totalBytes: number;
}

export const DEFAULT_INLINE_LIMITS: InlineLimits = {
  maxRows: 10_000,
  maxBytes: 2 * 1024 * 1024,
  totalBytes: 32 * 1024 * 1024,
};

/**
 * Runs `textSql` (a text-column SELECT) and reads it chunk by chunk; answers the rows when the whole result fits
 * `limits`, or undefined as soon as it does not (the rest of the result is never read).
 */
export async function readInline(
  connection: DuckDBConnection,
  textSql: string,
  limits: InlineLimits,
): Promise<{ rows: TextRows; bytes: number } | undefined> {
  if (limits.maxRows < 1) return undefined;
  const read = await readTextRows(connection, textSql, limits);
  return 'over' in read ? undefined : read;
}

/** Inline results by query id within a total byte budget; the oldest are evicted first (and reported). */
export class InlineResultStore {
  private readonly results = new Map<string, { rows: TextRows; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly onEvict: (queryId: string) => void,
  ) {}

  put(queryId: string, rows: TextRows, bytes: number): void {
    this.delete(queryId);
    this.results.set(queryId, { rows, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.results) {
      if (this.bytes <= this.totalBytes || oldest === queryId) break;
      this.delete(oldest);
      this.onEvict(oldest);
    }
  }

  get(queryId: string): TextRows | undefined {
    return this.results.get(queryId)?.rows;
  }

  delete(queryId: string): void {
    const entry = this.results.get(queryId);
    if (!entry) return;
    this.results.delete(queryId);
    this.bytes -= entry.bytes;
  }

  get heldBytes(): number {
    return this.bytes;
  }
}
