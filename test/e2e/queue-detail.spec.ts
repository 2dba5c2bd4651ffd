import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, expectImagesLoaded, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// The queue, image sets and the detail view as a newcomer meets them: pictures keep their shape,
// a set member speaks for itself with its actions in view, an imported photo is a library item
// (never a job, never rerun as model "unknown"), and one finished card can be put away.

function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** The shape of the picture as drawn: the img box, or the letterboxed content inside it. */
async function drawnAspect(img: Locator): Promise<{ box: number; drawn: number; fit: string }> {
  return img.evaluate((el) => {
    const image = el as HTMLImageElement;
    const { width, height } = image.getBoundingClientRect();
    const fit = getComputedStyle(image).objectFit;
    const natural = image.naturalWidth / image.naturalHeight;
    // object-fit: contain draws the whole picture at its own ratio; cover and fill do not.
    const drawn = fit === 'contain' ? natural : width / height;
    return { box: width / height, drawn, fit };
  });
}

async function openGalleryOn(page: Page, text: string): Promise<Locator> {
  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(text);
  return page.getByTestId('gallery-tile');
}

test('a 16:9 result shows whole in the queue and in its gallery tile', async ({ page, server, problems }) => {
  await openApp(page, server);
  const run = tag();
  const made = await generateThroughApi(page, { prompt: `海边的长堤 ${run}`, size: '2688x1536', seed: 1609 });

  const job = page.locator(`[data-testid="queue-item"][data-generation-id="${made.generationId}"]`);
  await expect(job).toHaveAttribute('data-status', 'done');
  const thumb = job.getByTestId('job-thumbs').locator('img');
  await expectImagesLoaded(thumb);
  const inQueue = await drawnAspect(thumb);
  // The thumbnail's own box is 16:9: nothing cut off, no bars.
  expect(inQueue.box).toBeCloseTo(16 / 9, 1);
  expect(inQueue.drawn).toBeCloseTo(16 / 9, 1);
  await keepScreenshot(page, 'queue-16-9');

  const tiles = await openGalleryOn(page, run);
  await expect(tiles).toHaveCount(1);
  await expectImagesLoaded(tiles.locator('img'));
  const inGallery = await drawnAspect(tiles.locator('img'));
  // A square tile, letterboxed: the picture inside it keeps 16:9.
  expect(inGallery.fit).toBe('contain');
  expect(inGallery.drawn).toBeCloseTo(16 / 9, 1);

  // The prompt shows on keyboard focus as well as on hover.
  const caption = tiles.getByTestId('gallery-caption');
  await expect(caption).toBeHidden();
  // Tab from the search box to the grid, as a keyboard user would (past the toolbar's controls).
  await page.getByTestId('gallery-search').focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await tiles.first().evaluate((el) => el === document.activeElement)) break;
  }
  await expect(tiles.first()).toBeFocused();
  await expect(caption).toBeVisible();
  await expect(caption).toContainText('海边的长堤');
  await keepScreenshot(page, 'gallery-caption-focus');
  expect(problems).toEqual([]);
});

test('a set member’s detail shows its own revised prompt, honest thinking and its actions in view', async ({
  page,
  server,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, server);
  const run = tag();
  // A long prompt: the revised prompts repeat it, which used to push the actions below the fold.
  const prompt = `${'四季的庭院,青石小径,落叶与积雪,'.repeat(14)}${run}`;
  await generateThroughApi(page, { prompt, n: 3, isSequential: true, seed: 303 });

  const tiles = await openGalleryOn(page, run);
  await expect(tiles).toHaveCount(3);
  const second = tiles.filter({ has: page.locator('.gallery-badge', { hasText: '2/3' }) });
  // The badge's text is part of the tile's name.
  await expect(second).toHaveAccessibleName(/image set 2\/3$/);
  await second.click();
  await expect(page.getByTestId('detail')).toBeVisible();
  const revised = page.getByTestId('detail-revised-prompt');
  await expect(revised).toHaveCount(1);
  await expect(revised).toHaveText(/^第2张:/);
  await expect(page.getByTestId('detail-thinking')).toHaveText('Off — not sent for image sets');

  for (const id of ['detail-rerun', 'detail-vary', 'detail-edit', 'detail-delete']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.y + box!.height, `${id} is inside the window`).toBeLessThanOrEqual(800);
  }
  await keepScreenshot(page, 'detail-set-member');
});

test('an imported plain image stays out of the queue and its detail says why it cannot be rerun', async ({
  page,
  server,
}) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'wan-e2e-plain-'));
  try {
    await openApp(page, server);
    // Random pixels, so no earlier import holds the same file.
    const pixels = Buffer.from(Array.from({ length: 64 * 36 * 3 }, () => Math.floor(Math.random() * 256)));
    await sharp(pixels, { raw: { width: 64, height: 36, channels: 3 } })
      .png()
      .toFile(path.join(folder, 'from-a-camera.png'));
    const imported = await page.evaluate(async (dir) => {
      const summary = await window.wan.invoke('library.import', { folder: dir });
      if (!summary.ok) throw new Error(summary.error.message);
      const generationId = summary.value.generationIds[0]!;
      const view = await window.wan.invoke('generation.get', { generationId });
      if (!view.ok) throw new Error(view.error.message);
      return { plain: summary.value.plain, generationId, imageId: view.value.images[0]!.id };
    }, folder);
    expect(imported.plain).toBe(1);

    // A fresh page loads the queue from generation.recent: the import is not in it.
    await page.reload();
    await expect(page.getByTestId('queue')).toBeVisible();
    await expect(page.getByTestId('queue-empty').or(page.getByTestId('queue-item').first())).toBeVisible();
    await expect(page.locator(`[data-testid="queue-item"][data-generation-id="${imported.generationId}"]`)).toHaveCount(
      0,
    );
    await expect(page.getByTestId('queue')).not.toContainText('Loading job…');

    // Plain imports are dated by their file, so this one is the newest picture in the gallery.
    await page.getByTestId('nav-gallery').click();
    const tile = page.locator(`[data-testid="gallery-tile"][data-image-id="${imported.imageId}"]`);
    await tile.click();
    await expect(page.getByTestId('detail')).toBeVisible();
    await expect(page.getByTestId('detail-no-rerun')).toContainText('Imported image — no request to rerun');
    await expect(page.getByTestId('detail-rerun')).toHaveCount(0);
    await expect(page.getByTestId('detail-vary')).toHaveCount(0);
    await keepScreenshot(page, 'detail-imported-plain');

    // And main refuses it in words, should anything still ask.
    const refused = await page.evaluate(
      (generationId) => window.wan.invoke('generation.rerun', { generationId, isNewSeed: true }),
      imported.generationId,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_rerunnable' } });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('one finished card can be removed from the queue; its images stay', async ({ page, server }) => {
  await openApp(page, server);
  const run = tag();
  const kept = await generateThroughApi(page, { prompt: `留下的卡片 ${run}`, seed: 11 });
  const gone = await generateThroughApi(page, { prompt: `移除的卡片 ${run}`, seed: 12 });
  const card = (id: string): Locator => page.locator(`[data-testid="queue-item"][data-generation-id="${id}"]`);
  await expect(card(gone.generationId)).toHaveAttribute('data-status', 'done');
  await expect(card(kept.generationId)).toHaveAttribute('data-status', 'done');

  const remove = card(gone.generationId).getByRole('button', { name: 'Remove from queue' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(card(gone.generationId)).toHaveCount(0);
  await expect(card(kept.generationId)).toBeVisible();

  const tiles = await openGalleryOn(page, run);
  await expect(tiles).toHaveCount(2);
});
