/** Jest: @swc/jest transpiles TypeScript; type checking is the separate `tsc --noEmit` step of `npm test`. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  // jose ships ES modules only: let swc turn them into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/build/'],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/tools/jest/summaryReporter.js'],
};
