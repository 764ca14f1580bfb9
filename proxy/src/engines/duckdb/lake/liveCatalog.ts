/**
 * The catalog that follows the lake (docs/lakes.md#seeing-changes): before a request is answered, the folders it
 * concerns are fingerprinted (fingerprint.ts: names, sizes, mtimes; no file opened), and a table whose folder
 * changed is checked and registered again, alone. A new, changed, fixed or removed file is so seen by the next
 * request, with no restart and no expiry to wait for. Catalog work runs one step at a time on the one catalog
 * connection; requests that arrive while a check waits its turn share that check.
 */
import path from 'node:path';
import { toTableName, scanLake, scanTableFolder, type LakeProblem } from './lakeLayout';
import {
  buildCatalog,
  cannotBeRead,
  dropView,
  registerTable,
  tableProblems,
  type CatalogTable,
  type LakeCatalog,
  type RegisterContext,
} from './catalog';
import { folderFingerprint, tableFolderList } from './fingerprint';

export class LiveCatalog {
  private lake: LakeCatalog;
  /** Each table folder's fingerprint when it was last registered. */
  private readonly fingerprints = new Map<string, string>();
  private folders: string[] = [];
  /** Folder-level problems, by folder (a table's own problems live in its description). */
  private readonly folderProblems = new Map<string, LakeProblem[]>();
  private queue: Promise<unknown> = Promise.resolve();
  /** A check queued but not started yet, by what it checks; later requests join it. */
  private readonly waiting = new Map<string, Promise<void>>();

  constructor(
    private readonly lakeDir: string,
    private readonly context: RegisterContext,
    private readonly onRebuilt: (catalog: LakeCatalog) => void,
  ) {
    this.lake = { database: context.database, tables: new Map(), problems: [] };
  }

  get current(): LakeCatalog {
    return this.lake;
  }

  /** Re-reads every folder of the lake. */
  refreshAll(): Promise<LakeCatalog> {
    return this.enqueue(() => this.rebuildAll());
  }

  /** refreshAll's body (run from the queue). Fingerprints are taken first, so a change while building is seen next. */
  private async rebuildAll(): Promise<LakeCatalog> {
    this.folders = tableFolderList(this.lakeDir);
    for (const folder of this.folders) this.fingerprints.set(folder, this.fingerprintOf(folder));
    const built = await buildCatalog(this.context, await scanLake(this.lakeDir));
    const served = new Set([...built.tables.values()].map((t) => t.folder));
    this.folderProblems.clear();
    for (const problem of built.problems) if (!served.has(problem.folder)) this.addFolderProblem(problem);
    this.publish(new Map(built.tables));
    return this.lake;
  }

  /**
   * Catches up with the lake for `table` (every table when absent): a changed set of table folders re-reads the
   * lake; a changed folder re-registers its table. Resolves once the catalog matches what the listing showed.
   */
  catchUp(table?: string): Promise<void> {
    const key = table ?? '\u0000all';
    const queued = this.waiting.get(key);
    if (queued) return queued;
    const check = this.enqueue(async () => {
      this.waiting.delete(key);
      const folders = tableFolderList(this.lakeDir);
      if (folders.join('\u0000') !== this.folders.join('\u0000')) return void (await this.rebuildAll());
      const changed = folders
        .filter((folder) => table === undefined || toTableName(folder) === table)
        .filter((folder) => this.fingerprintOf(folder) !== this.fingerprints.get(folder));
      for (const folder of changed) await this.refreshFolder(folder);
    });
    this.waiting.set(key, check);
    return check;
  }

  /** The fingerprint `table` was registered with (undefined for a table not served). */
  versionOf(table: string): string | undefined {
    const served = this.lake.tables.get(table);
    return served && this.fingerprints.get(served.folder);
  }

  /** Resolves once no catalog work is queued or running. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private fingerprintOf(folder: string): string {
    return folderFingerprint(path.join(this.lakeDir, folder));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Registers one folder's table again; a name another folder already serves re-reads the whole lake. */
  private async refreshFolder(folder: string): Promise<void> {
    const fingerprint = this.fingerprintOf(folder);
    const name = toTableName(folder);
    const owner = this.lake.tables.get(name)?.folder;
    if (owner !== undefined && owner !== folder) return void (await this.rebuildAll());
    const tables = new Map(this.lake.tables);
    tables.delete(name);
    this.folderProblems.delete(folder);
    const found = await scanTableFolder(this.lakeDir, folder);
    if (!('format' in found)) this.addFolderProblem(found);
    else {
      const served = await registerTable(this.context, found).catch((err: unknown) => cannotBeRead(found, err));
      if ('description' in served) tables.set(name, served);
      else this.addFolderProblem(served);
    }
    if (!tables.has(name)) await dropView(this.context.connection, this.context.database, name);
    this.fingerprints.set(folder, fingerprint);
    this.publish(tables);
  }

  private addFolderProblem(problem: LakeProblem): void {
    this.folderProblems.set(problem.folder, [...(this.folderProblems.get(problem.folder) ?? []), problem]);
  }

  private publish(tables: Map<string, CatalogTable>): void {
    const byFolder = new Map<string, LakeProblem[]>(this.folderProblems);
    for (const table of tables.values())
      byFolder.set(table.folder, [...(byFolder.get(table.folder) ?? []), ...tableProblems(table)]);
    const problems = [...byFolder.keys()].sort().flatMap((folder) => byFolder.get(folder)!);
    this.lake = { database: this.context.database, tables, problems };
    this.onRebuilt(this.lake);
  }
}
