// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'settlekit-report/**', 'coverage/**', 'test-results/**', 'pacts/**', 'mutation-report/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setImmediate: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The HTML report's script runs in the browser (bundled into the page, reports/html/assets.ts): its own folder,
    // and the report's types from runner/model/ (types only, erased from the bundle) — no Node module, no package.
    files: ['reports/html/client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!\\./[^/]+$|\\.\\./\\.\\./\\.\\./runner/model/[^/]+$)', message: 'The report script imports only its own folder and types of runner/model/.' },
            { regex: '/runner/model/', allowTypeImports: true, message: 'The report script takes only types from runner/model/.' },
          ],
        },
      ],
    },
  },
);
