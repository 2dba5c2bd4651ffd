import type { Page } from '@playwright/test';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// The gallery's toolbar at the default window size (1280 × 800, the config's viewport): search,
// filters, chosen tags, count and actions share one row, in English and in Chinese.

type Box = { name: string; top: number; bottom: number; left: number; right: number };

/** Every control a person can see in the toolbar, with where it sits. */
async function controlBoxes(page: Page): Promise<{ toolbar: Box; controls: Box[]; hiddenChipPixels: number }> {
  return page.getByTestId('gallery-toolbar').evaluate((toolbar) => {
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      const name = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.tagName;
      return { name, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const controls = [...toolbar.querySelectorAll('input, select, button, [data-testid="gallery-count"]')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map(box);
    const chips = toolbar.querySelector('.tag-filter-chips');
    const hiddenChipPixels = chips ? chips.scrollWidth - chips.clientWidth : 0;
    return { toolbar: box(toolbar), controls, hiddenChipPixels };
  });
}

async function expectOneRow(page: Page, chipCount: number): Promise<void> {
  await expect(page.getByTestId('gallery-toolbar').getByTestId('tag-chip')).toHaveCount(chipCount);
  const { toolbar, controls, hiddenChipPixels } = await controlBoxes(page);
  // Search, three filters, favourites, stack versions, the chips' remove buttons, the tag menu, count,
  // import, exports, trash.
  expect(controls.length).toBe(11 + chipCount);
  const middles = controls.map((c) => (c.top + c.bottom) / 2);
  const spread = Math.max(...middles) - Math.min(...middles);
  expect(spread, JSON.stringify(controls)).toBeLessThanOrEqual(2);
  // One row of 32 px controls and the padding around it; a second row would add 40 px.
  expect(toolbar.bottom - toolbar.top).toBeLessThan(64);
  for (const control of controls) {
    expect(control.left, control.name).toBeGreaterThanOrEqual(toolbar.left);
    expect(control.right, control.name).toBeLessThanOrEqual(toolbar.right);
  }
  expect(hiddenChipPixels, 'chips scrolled out of sight').toBeLessThanOrEqual(0);
}

async function setLanguage(page: Page, language: 'en' | 'zh-CN' | 'system'): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
}

test('search, filters, chosen tags and actions fit one row at 1280 px, in English and Chinese', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  expect(page.viewportSize()).toEqual({ width: 1280, height: 800 });
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(-6);
  // A third tag keeps the "add a tag" menu on offer with two chosen.
  const tags = [`客户资料${run}`, `night-${run}`, `备用${run}`];
  const { generationId } = await generateThroughApi(page, { prompt: `港口的黄昏 ${run}`, seed: 7301 });
  const tagged = await page.evaluate(
    async ({ id, add }) => {
      const view = await window.wan.invoke('generation.get', { generationId: id });
      if (!view.ok) return view.error.message;
      const result = await window.wan.invoke('image.tag', { imageIds: [view.value.images[0]!.id], add, remove: [] });
      return result.ok ? 'ok' : result.error.message;
    },
    { id: generationId, add: tags },
  );
  expect(tagged).toBe('ok');
  const before = await page.evaluate(() => window.wan.invoke('settings.get', undefined));
  if (!before.ok) throw new Error(before.error.message);

  try {
    await setLanguage(page, 'en');
    await page.getByTestId('nav-gallery').click();
    await page.getByTestId('filter-tag').selectOption(tags[0]!);
    await expectOneRow(page, 1);
    await keepScreenshot(page, 'gallery-toolbar-en');
    await page.getByTestId('filter-tag').selectOption(tags[1]!);
    await expectOneRow(page, 2);

    await setLanguage(page, 'zh-CN');
    await expect(page.getByTestId('nav-gallery')).toHaveText('图库');
    await page.getByTestId('nav-gallery').click();
    await expectOneRow(page, 2);
    await page.getByRole('button', { name: `移除标签 night-${run}` }).click();
    await expectOneRow(page, 1);
    await keepScreenshot(page, 'gallery-toolbar-zh');
  } finally {
    // One library serves every spec: the language chosen here must not leak into the next.
    await page.evaluate((language) => window.wan.invoke('settings.update', { language }), before.value.language);
  }
  expect(problems).toEqual([]);
});
