import { defineConfig } from '@playwright/test';

// The Electron smoke test (`npm run test:electron`): the real app, on a machine that has the
// Electron binary. Not part of `npm test` or CI, which cannot download Electron.
export default defineConfig({
  testDir: '.',
  testMatch: 'smoke.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
