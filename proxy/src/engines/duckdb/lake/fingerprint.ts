/**
 * The cheap fingerprint of a table folder that lets the catalog follow the lake (docs/lakes.md#seeing-changes):
 * every data file's path, size and mtime, plus the sidecar's. A new, changed, fixed or removed file changes it; it
 * is a listing only (no file is opened), measured in docs/performance.md#lake-freshness-checks.
 *
 * Synchronous on purpose: a table folder of a few hundred files lists in a few milliseconds this way, while the
 * promise API's one thread-pool round trip per entry made the same walk several times slower.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatOfFile } from './lakeLayout';
import { SIDECAR_FILE } from './sidecar';

function isHidden(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

function walk(dir: string, relative: string, into: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, relative), { withFileTypes: true });
  } catch {
    return; // removed while listed: the next check sees the final state
  }
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const counted = entry.name === SIDECAR_FILE || (!isHidden(entry.name) && formatOfFile(entry.name) !== undefined);
    if (entry.isDirectory() && !isHidden(entry.name)) walk(dir, child, into);
    else if (entry.isFile() && counted) {
      const stat = fs.statSync(path.join(dir, child), { throwIfNoEntry: false });
      if (stat) into.push(`${child}\u0000${stat.size}\u0000${stat.mtimeMs}`);
    } else if (!entry.isFile() && !entry.isDirectory()) into.push(`${child}\u0000other`);
  }
}

/** The fingerprint of the table folder `dir`: a hash of its data files' paths, sizes and mtimes (sorted). */
export function folderFingerprint(dir: string): string {
  const lines: string[] = [];
  walk(dir, '', lines);
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/** The names of the lake's table folders, sorted (what decides which tables exist). */
export function tableFolderList(lakeDir: string): string[] {
  try {
    return fs
      .readdirSync(lakeDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !isHidden(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
