import { test as base, expect, type Page } from '@playwright/test';

// The shared browser-mode server the global setup started, and a page opened on it the way a
// person would: through the printed link, whose token becomes the session cookie.

export type AppServer = { url: string; origin: string; token: string; home: string };

function serverFromEnv(): AppServer {
  const { WAN_E2E_URL: url, WAN_E2E_ORIGIN: origin, WAN_E2E_TOKEN: token, WAN_E2E_HOME: home } = process.env;
  if (!url || !origin || !token || !home)
    throw new Error('WAN_E2E_* is not set: run the specs with `npx playwright test`.');
  return { url, origin, token, home };
}

/** Page errors and console errors (CSP violations among them) seen while a test ran. */
export type PageProblems = string[];

export const test = base.extend<{ server: AppServer; problems: PageProblems }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their first argument.
  server: async ({}, use) => use(serverFromEnv()),
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    await use(problems);
  },
});

export { expect };

/**
 * Opens the app through the printed link and waits until React has rendered into #root. A library
 * seen for the first time greets with the welcome dialog, which would sit over whatever a spec
 * wants to click: it is dismissed here, once per library, as a person would ("Keep using the
 * simulator"). `{ isWelcomeKept: true }` leaves it for a spec about the welcome itself.
 */
export async function openApp(
  page: Page,
  server: { url: string },
  options: { isWelcomeKept?: boolean } = {},
): Promise<void> {
  await page.goto(server.url);
  await expect(page.locator('#root > *').first()).toBeVisible();
  if (options.isWelcomeKept) return;
  // Settled: the first-run question answered, or the app could not load at all.
  const settled = page.locator('[data-testid="app"]:not([data-welcome="undecided"]), [data-testid="load-error"]');
  await expect(settled.first()).toBeAttached();
  if ((await page.locator('[data-testid="app"][data-welcome="open"]').count()) === 0) return;
  await page.getByTestId('welcome-dismiss').click();
  await expect(page.getByTestId('welcome')).toHaveCount(0);
}

/** A screenshot kept as an artifact of the run. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}

export type GenerationRequestInput = {
  prompt: string;
  model?: 'wan2.7-image' | 'wan2.7-image-pro';
  size?: string;
  n?: number;
  seed?: number;
  isSequential?: boolean;
  mode?: 'async' | 'sync';
};

/**
 * Starts a generation through `window.wan` (as the app would) and resolves with its finished or
 * failed event: a fixture for specs about what happens after generating.
 */
export async function generateThroughApi(
  page: Page,
  request: GenerationRequestInput,
): Promise<{ generationId: string; imageIds: string[] }> {
  const outcome = await page.evaluate(async (req) => {
    type Settled = { name: string; payload: { generationId: string; imageIds?: string[] } };
    const seen = new Map<string, Settled>();
    let wake = (): void => {};
    const record =
      (name: string) =>
      (payload: Settled['payload']): void => {
        seen.set(payload.generationId, { name, payload });
        wake();
      };
    const offs = [
      window.wan.on('generation.finished', record('generation.finished')),
      window.wan.on('generation.failed', record('generation.failed')),
    ];
    try {
      const started = await window.wan.invoke('generation.start', {
        request: { model: 'wan2.7-image', size: '1024x1024', ...req },
        profileId: 'simulator',
      });
      if (!started.ok) return { error: started.error.message };
      const id = started.value.generationId;
      while (!seen.has(id)) await new Promise<void>((resolve) => (wake = resolve));
      return { event: seen.get(id)! };
    } finally {
      for (const off of offs) off();
    }
  }, request);
  if ('error' in outcome) throw new Error(`generation.start failed: ${outcome.error}`);
  const { event } = outcome;
  if (event.name !== 'generation.finished') throw new Error(`generation failed: ${JSON.stringify(event.payload)}`);
  return { generationId: event.payload.generationId, imageIds: event.payload.imageIds ?? [] };
}

/** Resolves once every image in the locator has loaded and has pixels. */
export async function expectImagesLoaded(images: ReturnType<Page['locator']>): Promise<void> {
  await expect
    .poll(async () =>
      images.evaluateAll((els) =>
        els.every((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0),
      ),
    )
    .toBe(true);
}
