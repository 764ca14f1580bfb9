/**
 * Jest reporter that ends the run with one plain line, `jest: N passed, N failed, N skipped`, which CI tooling
 * reads as the test summary (jest's own summary line has a different shape).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(
      `jest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
