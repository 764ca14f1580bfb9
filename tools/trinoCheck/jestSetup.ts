/**
 * Jest setup (setupFilesAfterEnv): every statement compileQuery produces in any suite — unit, property, fuzz, e2e —
 * goes through the Trino checks of tools/trinoCheck before the test sees it, so SQL Athena would refuse fails the
 * test that produced it (docs/athena.md#trino-checks). The number checked per test file is appended to a file in
 * TRINO_CHECK_DIR, which tools/jest/summaryReporter.js totals at the end of the run.
 */
import fs from 'node:fs';
import path from 'node:path';

type TrinoCheck = typeof import('../../tools/trinoCheck/trinoCheck');
type CompileModule = typeof import('../../proxy/src/core/compileQuery');

let checker: TrinoCheck | undefined;
let checkedHere = 0;

jest.mock('../../proxy/src/core/compileQuery', () => {
  const actual = jest.requireActual<CompileModule>('../../proxy/src/core/compileQuery');
  return {
    ...actual,
    compileQuery(...args: Parameters<CompileModule['compileQuery']>) {
      const compiled = actual.compileQuery(...args);
      // Loaded on first use: suites that never compile do not pay for the parser.
      checker ??= jest.requireActual<TrinoCheck>('../../tools/trinoCheck/trinoCheck');
      checker.assertTrinoValid(compiled.sql);
      checkedHere += 1;
      return compiled;
    },
  };
});

afterAll(() => {
  const dir = process.env.TRINO_CHECK_DIR;
  if (dir && checkedHere > 0) fs.appendFileSync(path.join(dir, `${process.pid}.counts`), `${checkedHere}\n`);
});
