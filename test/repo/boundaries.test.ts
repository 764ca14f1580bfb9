/**
 * The house plan, enforced (docs/architecture.md#folder-map): connector/ and proxy/ stand on protocol/ and never
 * import each other; product code never imports tools/, testing/ or test/; nothing outside test/ imports test/;
 * protocol/ imports nothing of the repository but itself. Every relative import and require of every tracked
 * TypeScript file is resolved and checked. The module rules (faces, cycles, folder size, what the Lambda reaches,
 * where tests live) are in modules.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const PRODUCT = ['protocol', 'connector', 'proxy', 'events'];

interface Import {
  from: string;
  to: string;
}

export function trackedSources(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js', '*.mjs'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file && !file.startsWith('node_modules/'));
}

/** Relative specifiers of import/export/require/import() statements, resolved to repository paths. */
export function relativeImports(file: string, source: string): Import[] {
  const found: Import[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\1/gm;
  for (const match of source.matchAll(pattern)) {
    found.push({ from: file, to: path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2])) });
  }
  return found;
}

const top = (p: string) => p.split('/')[0];

/** The rule an import breaks, or undefined. */
export function violation({ from, to }: Import): string | undefined {
  const a = top(from);
  const b = top(to);
  if (a === 'connector' && b === 'proxy') return 'connector/ imports proxy/ (shared code belongs in protocol/)';
  if (a === 'proxy' && b === 'connector') return 'proxy/ imports connector/ (shared code belongs in protocol/)';
  if (a === 'protocol' && b !== 'protocol') return 'protocol/ imports outside itself (it is the ground floor)';
  if (a === 'events' && (b === 'proxy' || b === 'connector'))
    return 'events/ imports proxy/ or connector/ (the producer stands alone)';
  if (PRODUCT.includes(a) && b === 'tools') return 'product code imports tools/';
  if (PRODUCT.includes(a) && b === 'testing') return 'product code imports testing/ (test doubles)';
  if (a !== 'test' && b === 'test') return 'code outside test/ imports test/';
  return undefined;
}

describe('import boundaries', () => {
  it('hold for every tracked source file', () => {
    const broken = trackedSources()
      .flatMap((file) => relativeImports(file, readFileSync(path.join(ROOT, file), 'utf8')))
      .map((imp) => ({ ...imp, rule: violation(imp) }))
      .filter((imp) => imp.rule)
      .map((imp) => `${imp.from} → ${imp.to}: ${imp.rule}`);
    expect(broken).toEqual([]);
  });

  it.each([
    ['connector/src/a.ts', 'proxy/src/contract', true],
    ['proxy/src/auth/v.ts', 'connector/src/sigv4/canonical', true],
    ['proxy/src/cli/start.ts', 'tools/sampleLake/sampleData', true],
    ['tools/runConnector.ts', 'test/harness/loadBundle', true],
    ['protocol/contract.ts', 'proxy/src/errors', true],
    ['connector/src/a.ts', 'protocol/contract', false],
    ['tools/load/cli.ts', 'proxy/src/local/localServer', false],
    ['test/e2e/x.ts', 'tools/appsScript/loadBundle', false],
  ])('flags %s → %s: %s', (from, to, broken) => {
    expect(violation({ from, to }) !== undefined).toBe(broken);
  });

  it('finds static, re-export, dynamic and require imports', () => {
    const source =
      "import a from './a';\nexport { b } from '../b';\nconst c = await import('./c');\nconst d = require('../../d');\nimport './side';\n";
    expect(relativeImports('x/y/z.ts', source).map((i) => i.to)).toEqual(['x/y/a', 'x/b', 'x/y/c', 'd', 'x/y/side']);
  });
});
