/**
 * Table descriptions the service asks for on every query, reused so a dashboard of ten charts asks the catalog
 * (Glue, or the lake folder) once; a failed lookup is forgotten at once. An engine that fingerprints its tables
 * (Engine.tableVersion, docs/lakes.md#seeing-changes) is asked for the fingerprint on every call and a description
 * is reused exactly as long as it holds; other engines' descriptions are reused for `ttlMs`.
 */
import type { Engine, TableDescription } from '../port';

/** A description and the table version it was read at (undefined for engines without versions). */
export interface VersionedTable {
  table: TableDescription;
  version?: string;
}

export class TableDescriptions {
  private readonly entries = new Map<string, { table: Promise<TableDescription>; at: number; version?: string }>();

  constructor(
    private readonly engine: Engine,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  async describe(database: string, table: string): Promise<TableDescription> {
    return (await this.describeVersioned(database, table)).table;
  }

  async describeVersioned(database: string, table: string): Promise<VersionedTable> {
    const versioned = this.engine.tableVersion !== undefined;
    const version = versioned ? await this.engine.tableVersion!(database, table) : undefined;
    const key = `${database}\u0000${table}`;
    const hit = this.entries.get(key);
    // A versioned engine that serves no such table (any more) answers the lookup itself, with its error.
    const fresh = versioned
      ? version !== undefined && hit?.version === version
      : this.now() - (hit?.at ?? 0) < this.ttlMs;
    if (hit && fresh) return { table: await hit.table, version };
    const described = this.engine.describeTable(database, table);
    this.entries.set(key, { table: described, at: this.now(), ...(version === undefined ? {} : { version }) });
    described.catch(() => this.entries.delete(key));
    return { table: await described, version };
  }
}
