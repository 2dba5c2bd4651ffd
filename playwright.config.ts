import { defineConfig } from '@playwright/test';

// End-to-end tests: the built renderer in Debian's Chromium, talking to a real browser-mode
// server (test/e2e/global-setup.ts) backed by the offline simulator. Playwright's own browser
// downloads are not used (and cannot be fetched here).

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/global-setup.ts',
  // One server, one library: specs run in order so what one generates the next may search for.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: '.cache/test-reports/playwright.json' }]],
  // Cleared at the start of a run; specs save screenshots in test-results/screens/.
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.WAN_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
