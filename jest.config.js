/** Jest: @swc/jest transpiles TypeScript; type checking is the separate `tsc --noEmit` step of `npm test`. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|m?j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  // jose, dt-sql-parser (the Trino grammar of testing/trinoCheck) and antlr4-c3 ship ES modules only: let swc turn
  // them into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!(jose|dt-sql-parser|antlr4-c3)/)'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/build/'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/testing/jest/summaryReporter.js'],
};
