/**
 * Jest reporter that ends the run with one plain line, `jest: N passed, N failed, N skipped`, which CI tooling
 * reads as the test summary (jest's own summary line has a different shape). Before it, the number of compiled
 * statements that passed the Trino checks (tools/trinoCheck/jestSetup.ts) in this run.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class SummaryReporter {
  constructor() {
    // Workers inherit the environment, so every test file reports its count into this folder.
    this.countsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trino-check-'));
    process.env.TRINO_CHECK_DIR = this.countsDir;
  }

  onRunComplete(_contexts, results) {
    let checked = 0;
    for (const file of fs.readdirSync(this.countsDir)) {
      for (const line of fs.readFileSync(path.join(this.countsDir, file), 'utf8').split('\n'))
        checked += Number(line) || 0;
    }
    fs.rmSync(this.countsDir, { recursive: true, force: true });
    process.stdout.write(`trino checks: ${checked} compiled statements passed the Trino parser and post-parse rules\n`);
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
