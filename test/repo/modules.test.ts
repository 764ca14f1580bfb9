/**
 * The module rules of docs/architecture.md#modules: a folder of proxy/src or connector/src with an index.ts is a
 * module, and code outside it imports only that face (an engine folder has a second face, register.ts, which the
 * composition root loads without loading the engine); no import cycle anywhere, type-only imports included; no
 * folder holds more than 15 source files directly; the Lambda's imports never reach the local stand-ins
 * (proxy/src/local); tests live in folders that mirror a source folder or in a named cross-cutting suite.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { relativeImports, ROOT, trackedSources } from './boundaries.test';

const SOURCES = trackedSources().filter((file) => file.endsWith('.ts'));
const KNOWN = new Set(SOURCES);

/** The tracked file an import specifier names (`x`, `x.ts` or `x/index.ts`). */
function resolveFile(target: string): string | undefined {
  return [`${target}.ts`, `${target}/index.ts`, target].find((candidate) => KNOWN.has(candidate));
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCES) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const targets = relativeImports(file, source).map((imp) => resolveFile(imp.to));
    graph.set(file, [...new Set(targets.filter((t): t is string => t !== undefined))]);
  }
  return graph;
}

const GRAPH = importGraph();
const MODULE_ROOTS = ['proxy/src', 'connector/src'];
const MODULES = SOURCES.filter((f) => f.endsWith('/index.ts') && MODULE_ROOTS.some((r) => f.startsWith(`${r}/`)))
  .map((f) => path.posix.dirname(f))
  .filter((dir) => !MODULE_ROOTS.includes(dir));

const inside = (file: string, dir: string) => file.startsWith(`${dir}/`);

/** The rule an import from `from` to the file `to` breaks, or undefined. */
export function faceViolation(from: string, to: string, modules: readonly string[]): string | undefined {
  const entered = modules.filter((m) => inside(to, m) && !inside(from, m)).sort((a, b) => a.length - b.length)[0];
  if (!entered || to === `${entered}/index.ts`) return undefined;
  if (/^proxy\/src\/engines\/[^/]+$/.test(entered) && to === `${entered}/register.ts`) return undefined;
  return `imports ${to} past the face of ${entered} (import ${entered}/index.ts)`;
}

/** Every cycle of the graph, as its files (Tarjan's strongly connected components of more than one file). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, low.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = stack.splice(stack.indexOf(node));
    if (component.length > 1 || graph.get(node)?.includes(node)) cycles.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0)
    for (const next of GRAPH.get(queue.pop()!) ?? []) if (!seen.has(next) && seen.add(next)) queue.push(next);
  return seen;
}

function sourceFolders(root: string): string[] {
  const children = readdirSync(path.join(ROOT, root)).map((name) => `${root}/${name}`);
  const dirs = children.filter((child) => statSync(path.join(ROOT, child)).isDirectory());
  return [root, ...dirs.flatMap(sourceFolders)];
}

describe('modules', () => {
  it('are entered only through their face', () => {
    const broken = [...GRAPH]
      .filter(([from]) => !from.startsWith('test/'))
      .flatMap(([from, targets]) => targets.map((to) => ({ from, rule: faceViolation(from, to, MODULES) })))
      .filter((imp) => imp.rule)
      .map((imp) => `${imp.from} ${imp.rule}`);
    expect(broken).toEqual([]);
  });

  it('face rule: outside code must use index.ts; inside code and engine registrations may go direct', () => {
    const modules = ['proxy/src/fields', 'proxy/src/engines/duckdb', 'proxy/src/engines/duckdb/lake'];
    expect(faceViolation('proxy/src/sql/a.ts', 'proxy/src/fields/b.ts', modules)).toBeDefined();
    expect(faceViolation('proxy/src/sql/a.ts', 'proxy/src/fields/index.ts', modules)).toBeUndefined();
    expect(faceViolation('proxy/src/fields/a.ts', 'proxy/src/fields/b.ts', modules)).toBeUndefined();
    expect(
      faceViolation('proxy/src/engines/registry.ts', 'proxy/src/engines/duckdb/register.ts', modules),
    ).toBeUndefined();
    expect(faceViolation('tools/x.ts', 'proxy/src/engines/duckdb/lake/catalog.ts', modules)).toMatch(/engines\/duckdb/);
    expect(faceViolation('proxy/src/engines/duckdb/e.ts', 'proxy/src/engines/duckdb/lake/c.ts', modules)).toMatch(
      /lake/,
    );
  });

  it('have no import cycle, type-only imports included', () => {
    expect(importCycles(GRAPH)).toEqual([]);
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('hold at most 15 source files per folder of proxy/src and connector/src', () => {
    const crowded = MODULE_ROOTS.flatMap(sourceFolders)
      .map((dir) => ({ dir, files: SOURCES.filter((f) => path.posix.dirname(f) === dir).length }))
      .filter(({ files }) => files > 15);
    expect(crowded).toEqual([]);
  });

  it('give every folder under proxy/src and connector/src a face (engines/ only groups the engines)', () => {
    const faceless = MODULE_ROOTS.flatMap(sourceFolders)
      .filter((dir) => !MODULE_ROOTS.includes(dir) && dir !== 'proxy/src/engines')
      .filter((dir) => !existsSync(path.join(ROOT, dir, 'index.ts')));
    expect(faceless).toEqual([]);
  });
});

describe('what ships', () => {
  it('the Lambda entry never reaches the local stand-ins for AWS services', () => {
    const reached = [...reachableFrom('proxy/src/lambda.ts')];
    expect(reached.length).toBeGreaterThan(20);
    expect(reached.filter((file) => inside(file, 'proxy/src/local'))).toEqual([]);
  });

  it('the local server does reach them (the check above looks where they are)', () => {
    expect([...reachableFrom('tools/localProxy/start.ts')].some((file) => inside(file, 'proxy/src/local'))).toBe(true);
  });
});

/** Cross-cutting suites: they test behaviour across modules, so they are named by what they prove. */
const SUITES = [
  'bench',
  'contract',
  'e2e',
  'engine-contract',
  'engines',
  'faults',
  'infra',
  'load',
  'pushdown',
  'repo',
  'security',
  'sigv4',
  'support',
];
/** test/<mirror>/… tests <source>/…. */
const MIRRORS: Record<string, string> = {
  proxy: 'proxy/src',
  connector: 'connector/src',
  tools: 'tools',
  testing: 'testing',
  events: 'events',
  protocol: 'protocol',
};

/** jest.config.js is CommonJS: read it through a module of its own rather than a require in TypeScript. */
function jestConfig(): Record<string, unknown> {
  const text = readFileSync(path.join(ROOT, 'jest.config.js'), 'utf8');
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', text)(module);
  return module.exports;
}

describe('tests', () => {
  it('live in a folder that mirrors a source folder, or in a named cross-cutting suite', () => {
    const misplaced = sourceFolders('test')
      .filter((dir) => dir !== 'test')
      .filter((dir) => {
        const [, top, ...rest] = dir.split('/');
        if (SUITES.includes(top)) return false;
        const source = MIRRORS[top];
        if (!source) return true;
        const mirrored = [source, ...rest].join('/');
        return !existsSync(path.join(ROOT, mirrored)) && !existsSync(path.join(ROOT, source, ...rest.slice(0, -1)));
      });
    expect(misplaced).toEqual([]);
  });

  it('have no global setup that could rewrite modules for every suite', () => {
    const config = jestConfig();
    expect(config.setupFiles ?? []).toEqual([]);
    expect(config.setupFilesAfterEnv ?? []).toEqual([]);
  });
});
