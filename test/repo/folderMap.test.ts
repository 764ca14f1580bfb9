/**
 * docs/architecture.md#folder-map names every folder of the product and tools: a reader finds each folder there
 * before opening it. A folder counts as named when the map writes its path, or a tail of it in backticks with a
 * trailing slash (`lake/`, `local/aws/`), the way the map lists a module's sub-folders.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const MAPPED = ['proxy/src', 'connector/src', 'events', 'protocol', 'tools'];

/** Every folder under the mapped roots that holds a tracked (or new, not ignored) file, at any depth. */
function mappedFolders(): string[] {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...MAPPED], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const folders = new Set<string>();
  for (const file of files) {
    for (let dir = path.posix.dirname(file); !MAPPED.includes(dir) && dir !== '.'; dir = path.posix.dirname(dir))
      folders.add(dir);
  }
  return [...folders].sort();
}

export function isNamed(map: string, folder: string): boolean {
  const segments = folder.split('/');
  const tails = segments.map((_, i) => `\`${segments.slice(i).join('/')}/\``);
  return map.includes(folder) || tails.some((tail) => map.includes(tail));
}

describe('the folder map', () => {
  const map = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');

  it('finds the folders it checks', () => {
    expect(mappedFolders()).toEqual(expect.arrayContaining(['proxy/src/fields', 'events/schemas', 'tools/workbench']));
  });

  it('names every folder under proxy/src, connector/src, events, protocol and tools', () => {
    expect(mappedFolders().filter((folder) => !isNamed(map, folder))).toEqual([]);
  });

  it('does not count a folder the map never mentions', () => {
    expect(isNamed(map, 'proxy/src/noSuchFolder')).toBe(false);
  });
});
