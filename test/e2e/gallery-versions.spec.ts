import type { Page } from '@playwright/test';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Versions stay together in the grid (issue 12): a stacked tile's badge, or V on the tile, lays
// its original and versions out as tiles under its row; arrow keys move along them, Enter opens
// one, Escape folds them back and the grid's own keys carry on.

function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** A rerun with a new seed, through the page's bridge, resolved once it has landed. */
async function rerunThroughApi(page: Page, generationId: string): Promise<string> {
  return page.evaluate(async (id) => {
    const landed = new Map<string, boolean>();
    let wake = (): void => {};
    const off = window.wan.on('generation.finished', ({ generationId: done }) => {
      landed.set(done, true);
      wake();
    });
    try {
      const started = await window.wan.invoke('generation.rerun', { generationId: id, isNewSeed: true });
      if (!started.ok) throw new Error(started.error.message);
      while (!landed.has(started.value.generationId)) await new Promise<void>((r) => (wake = r));
      return started.value.generationId;
    } finally {
      off();
    }
  }, generationId);
}

test('a stacked tile expands its versions in the grid, by click and by keyboard, and folds back', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  const run = tag();
  const original = await generateThroughApi(page, { prompt: `叠放版本 ${run}`, seed: 4301 });
  await generateThroughApi(page, { prompt: `叠放版本 neighbour ${run}`, seed: 4302 });
  const first = await rerunThroughApi(page, original.generationId);
  const second = await rerunThroughApi(page, original.generationId);

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(2);
  const badge = page.getByTestId('gallery-versions');
  await expect(badge).toContainText('⧉ 2');
  await expect(badge).toHaveAttribute('aria-expanded', 'false');

  // By click: the original and both versions as tiles, the first one focused.
  await badge.click();
  const band = page.getByTestId('grid-versions');
  const versions = band.getByTestId('grid-version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toHaveAttribute('data-generation-id', original.generationId);
  await expect(versions.nth(0)).toHaveAttribute('aria-current', 'true');
  await expect(versions.nth(1)).toHaveAttribute('data-generation-id', first);
  await expect(versions.nth(2)).toHaveAttribute('data-generation-id', second);
  await expect(versions.nth(0)).toBeFocused();
  await expect(badge).toHaveAttribute('aria-expanded', 'true');
  await keepScreenshot(page, 'gallery-versions-expanded');

  // Arrow keys move along the band; Enter opens a version in the detail view.
  await page.keyboard.press('ArrowRight');
  await expect(versions.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(versions.nth(2)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail')).toBeVisible();
  await expect(page.getByTestId('version').nth(2)).toHaveAttribute('aria-current', 'true');
  await page.getByTestId('detail-close').click();
  // A version has no tile of its own while stacked: the grid left its filters to show it.
  await expect(page.getByTestId('gallery-stack')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('gallery-stack').click();
  await page.getByTestId('gallery-search').fill(run);
  await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', run);
  await expect(tiles).toHaveCount(2);

  // Escape folds the band and gives focus back to the stacked tile.
  await badge.click();
  await expect(versions.nth(0)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(band).toHaveCount(0);
  const focused = page.locator('[data-testid="gallery-tile"]:focus');
  await expect(focused).toHaveCount(1);
  const focusedIndex = await focused.getAttribute('data-index');
  expect(
    await badge.evaluate(
      (b, index) => b.parentElement?.querySelector(`[data-index="${index}"]`) !== null,
      focusedIndex,
    ),
  ).toBe(true);

  // By keyboard: V on the stacked tile lays the versions out again, V in the band folds them.
  await page.keyboard.press('v');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toBeFocused();
  await page.keyboard.press('v');
  await expect(band).toHaveCount(0);
  await expect(page.locator(`[data-testid="gallery-tile"][data-index="${focusedIndex}"]`)).toBeFocused();
  await page.keyboard.press(focusedIndex === '0' ? 'ArrowRight' : 'ArrowLeft');
  await expect(
    page.locator(`[data-testid="gallery-tile"][data-index="${focusedIndex === '0' ? 1 : 0}"]`),
  ).toBeFocused();
  // V on a tile with no versions does nothing.
  await page.keyboard.press('v');
  await expect(band).toHaveCount(0);
  expect(problems).toEqual([]);
});
