import { expect, expectImagesLoaded, generateThroughApi, openApp, test } from './support/app';

// The strict policy (no 'unsafe-inline' for scripts or styles) against the built renderer in
// Chromium: every main screen, including those that position things with React `style={…}` props
// (the gallery's virtual rows, the detail viewer, the size picker), renders with no violation.

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

test('no screen meets a CSP violation, and style props still apply', async ({ page, server, problems }) => {
  // Before any page script runs, so a violation during the first render is caught too.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations!.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const cspMessages: string[] = [];
  page.on('console', (msg) => {
    if (/content security policy/i.test(msg.text())) cspMessages.push(msg.text());
  });

  await openApp(page, server);
  const served = await page.request.get(`${server.origin}/`);
  const policy = served.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("style-src 'self';");
  expect(policy).not.toContain('unsafe-inline');

  // Studio: the size picker draws its preview box with a style prop.
  await expect(page.getByTestId('generate-bar')).toBeVisible();

  const run = `csp${Date.now().toString(36)}`;
  await generateThroughApi(page, { prompt: `内容安全策略 ${run}`, seed: 5150 });
  // One the search leaves out, so a single tile means the search has applied.
  await generateThroughApi(page, { prompt: '不相干的一张', seed: 5151 });

  // Gallery: rows and the scroll canvas are sized and placed by style props.
  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(1);
  await expectImagesLoaded(tiles.locator('img'));
  const canvas = page.locator('.gallery-canvas');
  const heights = await canvas.evaluate((el) => ({
    inline: (el as HTMLElement).style.height,
    computed: getComputedStyle(el).height,
  }));
  expect(heights.inline).not.toBe('');
  expect(heights.computed).toBe(heights.inline);

  // Detail view: the image is placed with a style prop.
  await tiles.first().click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await expectImagesLoaded(page.getByTestId('detail-image'));
  await page.getByTestId('detail-close').click();

  // Settings, and the provider editor dialog.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-providers')).toBeVisible();
  await page.getByTestId('profile-add').click();
  await expect(page.getByTestId('profile-editor')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByTestId('nav-studio').click();
  await expect(page.getByTestId('generate-bar')).toBeVisible();

  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  expect(cspMessages).toEqual([]);
  expect(problems).toEqual([]);
});
