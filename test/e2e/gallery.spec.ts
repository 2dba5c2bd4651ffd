import type { Page } from '@playwright/test';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, expectImagesLoaded, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// The gallery over a library the simulator filled: Chinese full-text search, the detail view,
// and rerun, which must repeat the seed and so make the very same image.

type Collected = { __finished?: Array<{ generationId: string; imageIds: string[] }> };

function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('gallery-search').fill(text);
}

test('searches the library in Chinese', async ({ page, server, problems }) => {
  await openApp(page, server);
  const run = tag();
  await Promise.all([
    generateThroughApi(page, { prompt: `江南水乡的小桥流水 ${run}`, seed: 101 }),
    generateThroughApi(page, { prompt: `雪山下的湖泊 ${run}`, seed: 102 }),
    generateThroughApi(page, { prompt: `赛博朋克城市夜景 ${run}`, seed: 103 }),
  ]);

  await page.getByTestId('nav-gallery').click();
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles.first()).toBeVisible();
  expect(await tiles.count()).toBeGreaterThanOrEqual(3);

  await search(page, '水乡');
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toHaveAttribute('aria-label', /江南水乡的小桥流水/);
  await expectImagesLoaded(tiles.locator('img'));
  await keepScreenshot(page, 'gallery-search-zh');

  // Words inside a longer phrase are found too, not only whole prompts.
  await search(page, '城市夜景');
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toHaveAttribute('aria-label', /赛博朋克/);

  await search(page, '沙漠绿洲');
  await expect(page.getByTestId('gallery-empty')).toBeVisible();
  await expect(tiles).toHaveCount(0);

  await search(page, '');
  await expect(tiles.first()).toBeVisible();
  expect(await tiles.count()).toBeGreaterThanOrEqual(3);
  expect(problems).toEqual([]);
});

/** Files under the library whose names carry the image id (the original and its thumbnail). */
function filesOf(home: string, imageId: string): string[] {
  const folders = ['images', 'thumbs'].map((folder) => path.join(home, folder)).filter((dir) => existsSync(dir));
  return folders.flatMap((dir) =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.includes(imageId))
      .map((entry) => path.join(entry.parentPath, entry.name)),
  );
}

test('a tile whose file is gone says so instead of showing a broken image', async ({ page, server, browser }) => {
  await openApp(page, server);
  const prompt = `消失的灯塔 ${tag()}`;
  const { imageIds } = await generateThroughApi(page, { prompt, seed: 77 });
  const imageId = imageIds[0]!;
  // The thumbnail is made after the generation finishes: wait for it, then take both files away.
  await expect.poll(() => filesOf(server.home, imageId).some((file) => file.endsWith('.webp'))).toBe(true);
  // Put back afterwards: the specs after this one share the library, and a tile of theirs that
  // cannot load its file would log a 404 they count as a problem.
  const kept = filesOf(server.home, imageId).map((file) => ({ file, bytes: readFileSync(file) }));
  for (const { file } of kept) rmSync(file);

  // A fresh context: this page may already hold the picture in its memory cache.
  const context = await browser.newContext();
  try {
    const fresh = await context.newPage();
    await openApp(fresh, server);
    await fresh.getByTestId('nav-gallery').click();
    await search(fresh, '消失的灯塔');
    const tiles = fresh.getByTestId('gallery-tile');
    await expect(tiles).toHaveCount(1);
    await expect(tiles.first().getByTestId('gallery-missing')).toBeVisible();
    await expect(tiles.first().locator('img')).toHaveCount(0);
    await expect(tiles.first()).toHaveAttribute('aria-label', /File missing|文件缺失/);
  } finally {
    await context.close();
    for (const { file, bytes } of kept) writeFileSync(file, bytes);
  }
});

test('rerun from the detail view repeats the seed and makes the same image', async ({ page, server }) => {
  await openApp(page, server);
  const prompt = `月光下的屋顶 ${tag()}`;
  const first = await generateThroughApi(page, { prompt, seed: 4242 });

  await page.getByTestId('nav-gallery').click();
  await search(page, '月光下的屋顶');
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(1);
  await tiles.first().click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await expect(page.getByTestId('detail-prompt')).toHaveText(prompt);
  await expect(page.getByTestId('detail-seed')).toHaveText('4242');
  await expectImagesLoaded(page.getByTestId('detail-image'));
  await keepScreenshot(page, 'gallery-detail');

  await page.evaluate(() => {
    const collected: Collected['__finished'] = [];
    (window as Collected).__finished = collected;
    window.wan.on('generation.finished', (payload) => collected.push(payload));
  });
  await page.getByTestId('detail-rerun').click();
  await expect.poll(() => page.evaluate(() => (window as Collected).__finished?.length ?? 0)).toBe(1);

  const compared = await page.evaluate(
    async ({ firstId }) => {
      const rerun = (window as Collected).__finished![0]!;
      const [before, after] = await Promise.all([
        window.wan.invoke('generation.get', { generationId: firstId }),
        window.wan.invoke('generation.get', { generationId: rerun.generationId }),
      ]);
      if (!before.ok || !after.ok) throw new Error('generation.get failed');
      const digest = async (url: string): Promise<string> => {
        const bytes = await (await fetch(url)).arrayBuffer();
        const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
      };
      return {
        isNewGeneration: rerun.generationId !== firstId,
        seeds: [before.value.generation.seed, after.value.generation.seed],
        prompts: [before.value.generation.prompt, after.value.generation.prompt],
        digests: [await digest(before.value.images[0]!.url), await digest(after.value.images[0]!.url)],
      };
    },
    { firstId: first.generationId },
  );
  expect(compared).toMatchObject({ isNewGeneration: true, seeds: [4242, 4242], prompts: [prompt, prompt] });
  expect(compared.digests[1]).toBe(compared.digests[0]);

  // The rerun stacks under its original (one tile counting one version); unstacked, it has its own.
  await page.getByTestId('detail-close').click();
  await expect(page.getByTestId('gallery-versions')).toContainText('⧉ 1');
  await expect(tiles).toHaveCount(1);
  await page.getByTestId('gallery-stack').click();
  await expect(tiles).toHaveCount(2);
  await keepScreenshot(page, 'gallery-after-rerun');
});
