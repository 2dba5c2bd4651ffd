import { expect, expectImagesLoaded, generateThroughApi, openApp, test } from './support/app';

// The address follows the screen (#gallery, #usage, #settings; the studio has none), so a reload
// stays where it was and the gallery opens straight from its address, without the studio first.

test('the address names the screen: a reload keeps it, and #gallery opens the gallery directly', async ({
  page,
  server,
}) => {
  await openApp(page, server);
  await expect(page).not.toHaveURL(/#/);
  await page.getByTestId('nav-usage').click();
  await expect(page).toHaveURL(/#usage$/);
  await page.reload();
  await expect(page.getByTestId('nav-usage')).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('nav-studio').click();
  await expect(page).not.toHaveURL(/#/);

  await generateThroughApi(page, { prompt: `直达画廊 ${Date.now()}`, seed: 5 });
  await page.goto(`${server.url}#gallery`);
  await expect(page.getByTestId('gallery-toolbar')).toBeVisible();
  await expect(page.getByTestId('gallery-tile').first()).toBeVisible();
  await expectImagesLoaded(page.getByTestId('gallery-tile').first().locator('img'));
  await expect(page.getByTestId('nav-gallery')).toHaveAttribute('aria-current', 'page');
  // Only the four screens: anything else is the studio.
  await page.goto(`${server.url}#nowhere`);
  await expect(page.getByTestId('nav-studio')).toHaveAttribute('aria-current', 'page');
});

test('#gallery boots on the gallery’s own code: the studio’s and the dialogs’ chunks follow it', async ({
  page,
  server,
}) => {
  await openApp(page, server);
  const scripts: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('.js')) scripts.push(pathname);
  });
  await page.goto(`${server.url}#gallery`);
  await expect(page.getByTestId('gallery-toolbar')).toBeVisible();
  // The rest arrives on its own once the gallery is up, so a click on another screen finds its code.
  await expect.poll(() => scripts.some((s) => /\/StudioScreen-[\w-]+\.js$/.test(s))).toBe(true);
  await expect.poll(() => scripts.some((s) => /\/AppDialogs-[\w-]+\.js$/.test(s))).toBe(true);
  const at = (chunk: string): number => scripts.findIndex((s) => new RegExp(`/${chunk}-[\\w-]+\\.js$`).test(s));
  expect(at('GalleryPage')).toBeGreaterThanOrEqual(0);
  expect(at('StudioScreen')).toBeGreaterThan(at('GalleryPage'));
  expect(at('AppDialogs')).toBeGreaterThan(at('GalleryPage'));
  await page.getByTestId('nav-studio').click();
  await expect(page.getByTestId('generate-bar')).toBeVisible();
});

test('"/" pressed while the gallery’s code is still loading puts the caret in its search once it is up', async ({
  page,
  server,
}) => {
  // The gallery's chunk is held back, as on a slow disk or a busy machine, until "/" has been pressed.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/GalleryPage-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await openApp(page, server);
  await page.getByTestId('nav-gallery').click();
  await expect(page.getByTestId('nav-gallery')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('gallery-search')).toHaveCount(0);
  await page.keyboard.press('/');
  release();
  await expect(page.getByTestId('gallery-search')).toBeFocused();
});

test('a screen whose code has already arrived draws with the click, without a pause', async ({ page, server }) => {
  await openApp(page, server);
  // The other screens' code follows the first screen's drawing; wait until Usage's is here and run.
  const chunk = await expect
    .poll(() =>
      page.evaluate(
        () => performance.getEntriesByType('resource').find((e) => /\/UsagePage-[\w-]+\.js$/.test(e.name))?.name ?? '',
      ),
    )
    .toMatch(/UsagePage/)
    .then(() =>
      page.evaluate(
        () => performance.getEntriesByType('resource').find((e) => /\/UsagePage-[\w-]+\.js$/.test(e.name))!.name,
      ),
    );
  await page.evaluate(async (url) => {
    await import(url);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }, chunk);
  // Clicked, then looked for at the next frame: React held a suspended screen back for 300 ms even
  // when its code was here (lazy() suspends once on first use).
  const isDrawn = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        document.querySelector<HTMLElement>('[data-testid="nav-usage"]')!.click();
        requestAnimationFrame(() => resolve(document.querySelector('[data-testid="usage"]') !== null));
      }),
  );
  expect(isDrawn).toBe(true);
});
