import type { Page } from '@playwright/test';
import { expect, expectImagesLoaded, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Compare (issue 12): two gallery images side by side with one zoom for both, a split slider
// worked from the keyboard, and the parameters that differ marked in words; an A/B twin from the
// detail view that opens the comparison when it lands; the lineage in the detail view.

function tag(): string {
  return `cmp${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function openGallery(page: Page, search: string, count: number): Promise<void> {
  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(search);
  await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', search);
  await expect(page.getByTestId('gallery-tile')).toHaveCount(count);
}

/** What each compared image is drawn under: its scale and offsets, and its CSS transform. */
function transforms(page: Page): Promise<Array<{ scale: string; x: string; y: string; transform: string }>> {
  return page.getByTestId('compare-image').evaluateAll((images) =>
    images.map((img) => ({
      scale: img.getAttribute('data-scale') ?? '',
      x: img.getAttribute('data-x') ?? '',
      y: img.getAttribute('data-y') ?? '',
      transform: (img as HTMLElement).style.transform,
    })),
  );
}

const row = (page: Page, key: string) => page.locator(`[data-testid="compare-row"][data-key="${key}"]`);

test('two images side by side: one zoom for both, a split slider, differences marked', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  const run = tag();
  await generateThroughApi(page, { prompt: `灯塔 ${run}`, model: 'wan2.7-image', seed: 11, size: '1024x1024' });
  await generateThroughApi(page, { prompt: `灯塔 ${run}`, model: 'wan2.7-image-pro', seed: 12, size: '1696x960' });
  await openGallery(page, run, 2);

  const tiles = page.getByTestId('gallery-tile');
  await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-compare')).toBeDisabled();
  await tiles.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('selection-compare').click();
  const compare = page.getByTestId('compare');
  await expect(compare).toBeVisible();
  const images = page.getByTestId('compare-image');
  await expect(images).toHaveCount(2);
  await expectImagesLoaded(images);

  // A wheel over the first pane zooms both, by the same transform.
  expect((await transforms(page)).map((t) => t.scale)).toEqual(['1.0000', '1.0000']);
  const pane = page.getByTestId('compare-pane').first();
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 20);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => Number((await transforms(page))[0]!.scale)).toBeGreaterThan(1.5);
  const [first, second] = await transforms(page);
  expect(second).toEqual(first);
  // Dragging in the second pane pans the first as well.
  const other = (await page.getByTestId('compare-pane').nth(1).boundingBox())!;
  await page.mouse.move(other.x + other.width / 2, other.y + other.height / 2);
  await page.mouse.down();
  await page.mouse.move(other.x + other.width / 2 - 40, other.y + other.height / 2 - 10, { steps: 4 });
  await page.mouse.up();
  const [panned, pannedToo] = await transforms(page);
  expect(panned!.x).not.toBe(first!.x);
  expect(pannedToo).toEqual(panned);
  // Keys: 0 fits both, + zooms both a step.
  await page.keyboard.press('0');
  await expect.poll(async () => (await transforms(page)).map((t) => t.scale)).toEqual(['1.0000', '1.0000']);
  await page.keyboard.press('+');
  await expect.poll(async () => (await transforms(page)).map((t) => t.scale)).toEqual(['1.2500', '1.2500']);

  // The rows that differ say so in words; the prompt is the same.
  await expect(row(page, 'model')).toHaveAttribute('data-different', 'true');
  await expect(row(page, 'seed')).toHaveAttribute('data-different', 'true');
  await expect(row(page, 'size')).toHaveAttribute('data-different', 'true');
  await expect(row(page, 'seed')).toContainText('Differs');
  await expect(row(page, 'prompt')).toHaveAttribute('data-different', 'false');
  await expect(row(page, 'prompt')).not.toContainText('Differs');
  await expect(page.getByTestId('compare-summary')).toContainText('Seed');
  await keepScreenshot(page, 'compare-side-by-side');

  // The split: one frame, a divider moved from the keyboard.
  await page.getByTestId('compare-layout-split').click();
  await expect(page.getByTestId('compare-pane')).toHaveCount(1);
  const slider = page.getByRole('slider');
  await expect(slider).toHaveAttribute('aria-valuenow', '50');
  await slider.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuenow', '56');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(slider).toHaveAttribute('aria-valuenow', '46');
  await page.keyboard.press('Home');
  await expect(slider).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('End');
  await expect(slider).toHaveAttribute('aria-valuenow', '100');
  await keepScreenshot(page, 'compare-split');

  await page.keyboard.press('Escape');
  await expect(compare).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('"same seed, thinking off" makes a twin, compares it when it lands, and the detail shows the lineage', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  const run = tag();
  const original = await generateThroughApi(page, {
    prompt: `思考模式 ${run}`,
    model: 'wan2.7-image-pro',
    seed: 31,
    size: '1024x1024',
  });
  await openGallery(page, run, 1);
  await page.getByTestId('gallery-tile').first().click();
  await expect(page.getByTestId('detail-thinking')).toHaveText('On');

  const twinButton = page.getByTestId('twin-thinking');
  await expect(twinButton).toHaveText('Thinking off');
  await twinButton.click();
  const compare = page.getByTestId('compare');
  await expect(compare).toBeVisible();
  await expect(page.getByTestId('compare-image')).toHaveCount(2);
  await expect(row(page, 'thinking')).toHaveAttribute('data-different', 'true');
  await expect(row(page, 'thinking').locator('td')).toHaveText(['On', 'Off']);
  await expect(row(page, 'seed')).toHaveAttribute('data-different', 'false');
  await expect(row(page, 'model')).toHaveAttribute('data-different', 'false');
  await page.keyboard.press('Escape');
  await expect(compare).toHaveCount(0);

  // Back in the detail view: the original and its one version, the shown one marked current.
  await expect(page.getByTestId('versions-count')).toHaveText('1 version');
  const versions = page.getByTestId('version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toHaveAttribute('data-generation-id', original.generationId);
  await expect(versions.nth(0)).toHaveAttribute('aria-current', 'true');
  // The twin stacks under its original: still one tile, counting one version.
  await expect(page.getByTestId('gallery-tile')).toHaveCount(1);

  // Opening the version shows it in the detail view, where the original is one click away.
  const twinId = await versions.nth(1).getAttribute('data-generation-id');
  await versions.nth(1).click();
  await expect(page.getByTestId('detail-thinking')).toHaveText('Off');
  await expect(versions.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(versions.nth(1)).toHaveAttribute('data-generation-id', twinId!);
  await page.getByTestId('versions-compare').click();
  await expect(compare).toBeVisible();
  await expect(row(page, 'thinking').locator('td')).toHaveText(['On', 'Off']);
  await page.keyboard.press('Escape');
  await page.getByTestId('detail-close').click();
  expect(problems).toEqual([]);
});
