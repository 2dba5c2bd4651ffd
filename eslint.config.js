import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Not type-aware on purpose: `npm run typecheck` already runs the compiler, and lint stays fast.
export default defineConfig([
  globalIgnores(['out/', 'dist/', 'node_modules/', '.cache/', 'coverage/', 'test-results/', 'playwright-report/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Main and services log through an injected logger; stray console calls are usually leftovers.
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'src/main/**',
      'src/preload/**',
      'src/cli/**',
      'scripts/**',
      'bin/**',
      'test/**',
      'bench/**',
      '*.{js,mjs,cjs,ts}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // Shared code runs on both sides, so it may only lean on what Node and browsers have in common.
    files: ['src/shared/**'],
    languageOptions: { globals: globals['shared-node-browser'] },
  },
  {
    files: ['src/renderer/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    // Command-line front ends and benchmarks talk to a person through the terminal.
    files: ['src/cli/**', 'scripts/**', 'bin/**', 'bench/**', 'src/main/services/simulator/cli.ts'],
    rules: { 'no-console': 'off' },
  },
]);
