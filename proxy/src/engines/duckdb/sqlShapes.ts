/**
 * What the engine learns about a SQL text before running it — the lake tables it reads (for the bytes-scanned
 * estimate) and its result column types (which pick each column's text conversion) — remembered per exact text.
 * A dashboard refresh sends the same SQL again, and then it costs neither a parse round trip nor a separate
 * prepare. Types (and what a text skips) depend on the lake's views, so the engine clears the cache whenever it
 * registers a view again (lake/liveCatalog.ts); entries learnt across a clear are dropped. Bounded by the total length of the remembered SQL.
 */
import type { DuckDBType } from '@duckdb/node-api';
import type { TableReference } from './lake';
import type { EngineSkipped } from '../../port';

export interface SqlShape {
  tables: TableReference[];
  types: DuckDBType[];
  /** What the text skips of the lake as the views read it now (absent: nothing). */
  skipped?: EngineSkipped;
}

export class SqlShapeCache {
  private readonly shapes = new Map<string, SqlShape>();
  private chars = 0;
  private generation = 0;

  constructor(private readonly maxChars = 2_000_000) {}

  /** The shape, and a ticket to pass to {@link set} after learning it (so a clear in between wins). */
  get(sql: string): { shape?: SqlShape; ticket: number } {
    const shape = this.shapes.get(sql);
    if (shape) {
      this.shapes.delete(sql);
      this.shapes.set(sql, shape); // most recently used last
    }
    return { shape, ticket: this.generation };
  }

  set(sql: string, shape: SqlShape, ticket: number): void {
    if (ticket !== this.generation || sql.length > this.maxChars || this.shapes.has(sql)) return;
    this.shapes.set(sql, shape);
    this.chars += sql.length;
    for (const oldest of this.shapes.keys()) {
      if (this.chars <= this.maxChars) break;
      this.shapes.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  clear(): void {
    this.shapes.clear();
    this.chars = 0;
    this.generation++;
  }
}
