/**
 * Functions, not files, are the unit of size (docs/architecture.md#modules): eslint.config.mjs caps function length
 * and parameter count for product code, tools, test doubles and benches, and no file there switches those rules off.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, trackedSources } from './boundaries.test';

const CAPPED_FOLDERS = ['proxy', 'connector', 'protocol', 'events', 'tools', 'testing', 'bench'];
const CAPPED_RULES = ['max-lines-per-function', 'max-params'];

/** The capped rules a source text switches off with an eslint-disable comment (any form: line, next-line, block). */
export function disabledCaps(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/eslint-disable(?:-next-line|-line)?\b([^\n*]*)/g)) {
    const listed = match[1].split(/[\s,]+/).filter(Boolean);
    // A bare eslint-disable switches every rule off, the caps included.
    found.push(...CAPPED_RULES.filter((rule) => listed.length === 0 || listed.includes(rule)));
  }
  return found;
}

describe('function size caps', () => {
  it('spots a disable comment for either cap, and a blanket one', () => {
    expect(disabledCaps('// eslint-disable-next-line max-params\nf(a, b, c, d, e);')).toEqual(['max-params']);
    expect(disabledCaps('/* eslint-disable max-lines-per-function */')).toEqual(['max-lines-per-function']);
    expect(disabledCaps('/* eslint-disable */')).toEqual(CAPPED_RULES);
    expect(disabledCaps('// eslint-disable-line no-console')).toEqual([]);
  });

  it('eslint.config.mjs caps functions at 40 lines and 4 parameters for every capped folder', () => {
    const config = readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8');
    expect(config).toMatch(
      /'max-lines-per-function': \['error', \{ max: 40, skipBlankLines: true, skipComments: true, IIFEs: true \}\]/,
    );
    expect(config).toMatch(/'max-params': \['error', 4\]/);
    const block = config.slice(0, config.indexOf("'max-lines-per-function'"));
    const files = block.slice(block.lastIndexOf('files:'));
    for (const folder of CAPPED_FOLDERS) expect(files).toContain(`'${folder}/**/*.ts'`);
  });

  it('no product or tool file disables a cap', () => {
    const capped = trackedSources().filter((file) => CAPPED_FOLDERS.some((folder) => file.startsWith(`${folder}/`)));
    expect(capped.length).toBeGreaterThan(50);
    const offenders = capped.flatMap((file) =>
      disabledCaps(readFileSync(path.join(ROOT, file), 'utf8')).map((rule) => `${file}: ${rule}`),
    );
    expect(offenders).toEqual([]);
  });
});
