/**
 * Table descriptions the service asks for on every query, reused for a while (`catalogTtlMs`) so a dashboard of
 * ten charts asks the catalog (Glue, or the lake folder) once; a failed lookup is forgotten at once.
 */
import type { Engine, TableDescription } from '../port';

export class TableDescriptions {
  private readonly entries = new Map<string, { table: Promise<TableDescription>; at: number }>();

  constructor(
    private readonly engine: Engine,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  describe(database: string, table: string): Promise<TableDescription> {
    const key = `${database}\u0000${table}`;
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.table;
    const described = this.engine.describeTable(database, table);
    this.entries.set(key, { table: described, at: this.now() });
    described.catch(() => this.entries.delete(key));
    return described;
  }
}
