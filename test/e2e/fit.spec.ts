import { findFitProblems } from './support/fit-checks';
import { expect, keepScreenshot, openApp, test } from './support/app';
import {
  LANGUAGES,
  SCREENS,
  THEMES,
  applyLanguage,
  applyTheme,
  clearSeededTrash,
  currentLook,
  seedLibrary,
} from './support/screens';

// Fit: every main screen and dialog (support/screens.ts), at the window sizes people use, in both
// languages and both themes: no text cut off, every action of a dialog's action row and every
// screen's primary action inside the window. Each screen opens once per language; the system
// colour scheme flips and the window is resized around it, as a person would do.

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

let restore: { language: string; theme: string } | null = null;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  const { WAN_E2E_URL: url } = process.env;
  await openApp(page, { url: url! });
  restore = await currentLook(page);
  await seedLibrary(page);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page, { url: process.env.WAN_E2E_URL! });
  if (restore) await page.evaluate((patch) => window.wan.invoke('settings.update', patch as never), restore);
  await clearSeededTrash(page);
  await page.close();
});

for (const screen of SCREENS) {
  test(`fits: ${screen.name}`, async ({ page, context, server }) => {
    // Copy diagnostics writes to the clipboard before showing its dialog.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      await page.setViewportSize(SIZES[1]);
      await applyLanguage(page, server, language);
      await screen.open(page);
      for (const theme of THEMES) {
        await applyTheme(page, theme);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          // The smallest window, kept for a person to look at (test-results/screens/).
          if (size === SIZES[0] && theme === 'light')
            await keepScreenshot(page, `fit-${screen.name.replace(/\W+/g, '-')}-${language}`);
          for (const p of await findFitProblems(page, screen.root, screen.actions)) {
            failures.push(
              `${size.width}×${size.height} ${language} ${theme}: ${p.kind} ${p.selector} "${p.text}" (${p.detail})`,
            );
          }
        }
      }
    }
    expect(failures, `${screen.name} does not fit:\n${failures.join('\n')}`).toEqual([]);
  });
}
