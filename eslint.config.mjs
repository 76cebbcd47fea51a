// ESLint for the TypeScript sources, tests, benches and scripts (run by `npm run lint`, part of `npm test`).
// typescript-eslint's recommended rules, plus the project's own: no `any` without a stated reason (an inline
// disable comment that says why), unused names only when they start with `_`, and the layer wall repeated
// here so editors underline it (dependency-cruiser in `npm run lint:deps` is the gate).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'examples/**',
      '**/*.d.ts',
      'test/harness/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', '@aws-sdk/*', '../aws/*', '../vscode/*', '../../aws/*', '../../vscode/*'],
              message: 'src/core is editor- and SDK-free (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // Suites load their test files in order with require(), as VS Code's test runner expects; the
    // launcher in bin/ is plain CommonJS.
    files: ['test/integration/suites/*/index.ts', '**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests match `terraform fmt`'s aligned layout literally; counted spaces would hide it.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // Functions passed to page.evaluate() run in the browser.
    files: ['test/harness/*.mjs'],
    languageOptions: { globals: { requestAnimationFrame: 'readonly', document: 'readonly', window: 'readonly' } },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
  },
);
