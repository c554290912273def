// Lint: typescript-eslint, no cycles between modules, process.env only in server/config.ts.
const tseslint = require('typescript-eslint');
const importPlugin = require('eslint-plugin-import');
const n = require('eslint-plugin-n');

module.exports = tseslint.config(
  { ignores: ['node_modules/**', 'client/**', 'data/**', 'dist/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin, n },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-require-imports': 'off',
      curly: ['error', 'all'],
      'no-console': 'off',
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'n/no-process-env': 'error',
      'import/no-cycle': ['error', { maxDepth: 4 }],
      // Modules import other modules only through their index.ts.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../{auth,pki,tenders,registration,bids,opening,evaluation,awards,records,audit,ocds,clarifications}/*', '!../*/index', '!../auth/actor'],
              message: 'Import another module through its index.ts.',
            },
          ],
        },
      ],
    },
  },
  { files: ['server/config.ts', 'server/main.ts'], rules: { 'n/no-process-env': 'off' } },
);
