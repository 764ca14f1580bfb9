// ESLint (flat config): typescript-eslint's recommended rules plus the typed rules that catch real bugs in async
// code (floating or misused promises, awaiting non-promises). Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', 'build/', 'coverage/', '.lake/', '.local/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // `_name` marks a deliberately unused parameter or a property left out of a rest copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Functions, not files, are the unit of size (docs/architecture.md#modules): a function a reader can hold in
    // mind at once, and an options object instead of a long positional list. Tests under test/ are exempt: a
    // describe block is a list of cases, not a function to read.
    files: [
      'proxy/**/*.ts',
      'connector/**/*.ts',
      'protocol/**/*.ts',
      'events/**/*.ts',
      'tools/**/*.ts',
      'testing/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: {
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'max-params': ['error', 4],
    },
  },
  {
    // Tests and tools read arbitrary JSON answers; `any` there is a deliberate, local choice.
    files: ['test/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
