/** Jest: @swc/jest transpiles TypeScript; type checking is the separate `tsc --noEmit` step of `npm test`. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|m?j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/build/'],
  // dt-sql-parser (the Trino grammar of tools/trinoCheck) and antlr4-c3 ship ES modules only.
  transformIgnorePatterns: ['/node_modules/(?!(dt-sql-parser|antlr4-c3)/)'],
  testTimeout: 60000,
  // Every compiled statement goes through the Trino checks (docs/athena.md#trino-checks).
  setupFilesAfterEnv: ['<rootDir>/test/support/trinoCheckSetup.ts'],
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
