import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.ltc-data/**', 'cdk.out/**'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-console': 'error',
    },
  },
  {
    // The web app runs in the browser (its vite.config.ts runs in Node, at build time).
    files: ['packages/web/src/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['packages/web/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['packages/local/src/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
);
