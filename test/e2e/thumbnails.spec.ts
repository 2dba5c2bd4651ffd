import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLibrary } from '../../src/main/services/library/library';
import { seedLibrary } from '../helpers/seeded-library';
import { expect, expectImagesLoaded, keepScreenshot, openApp, test } from './support/app';
import { launchBrowserMode } from './support/browser-mode-process';

// A library restored without its thumbnails: the app makes them in the background with a progress
// bar in the gallery header, and every tile shows a thumbnail (made first in line when the tile
// asks), never the original.

const COUNT = 240;

test('missing thumbnails are backfilled with a progress bar; tiles never load an original', async ({ page }) => {
  test.setTimeout(180_000);
  const rendererDir = process.env.WAN_E2E_RENDERER_DIR;
  if (!rendererDir) throw new Error('WAN_E2E_RENDERER_DIR is not set: run the specs with `npx playwright test`.');
  const home = mkdtempSync(path.join(tmpdir(), 'wan-e2e-thumbs-'));
  const library = openLibrary(home);
  await seedLibrary(
    library,
    Array.from({ length: COUNT }, (_, i) => ({
      prompt: `缩略图 ${i}`,
      seed: i + 1,
      pixels: { width: 1024, height: 1024 },
    })),
  );
  library.close();
  const server = await launchBrowserMode({ home, rendererDir });
  try {
    await openApp(page, server);
    await page.getByTestId('nav-gallery').click();
    const status = page.getByTestId('thumbnail-status');
    await expect(status).toBeVisible();
    await expect(status).toContainText(`of ${COUNT}`);
    await keepScreenshot(page, 'gallery-thumbnail-backfill');
    const tiles = page.getByTestId('gallery-tile').locator('img');
    await expect(tiles.first()).toBeVisible();
    await expectImagesLoaded(tiles);
    const sources = await tiles.evaluateAll((els) =>
      els.map((el) => ({ src: (el as HTMLImageElement).src, width: (el as HTMLImageElement).naturalWidth })),
    );
    for (const { src, width } of sources) {
      expect(src).toContain('/media/thumbs/');
      expect(width).toBeLessThanOrEqual(512);
    }
    await expect(status).toHaveCount(0, { timeout: 150_000 });
    const done = await page.evaluate(() => window.wan.invoke('thumbnails.status', undefined));
    expect(done).toMatchObject({ ok: true, value: { done: COUNT, failed: 0, total: COUNT, isRunning: false } });
  } finally {
    await server.stop();
    const reopened = openLibrary(home);
    const rows = reopened.repo.imageFiles();
    reopened.close();
    expect(rows.filter((r) => r.thumbPath && existsSync(path.join(home, r.thumbPath)))).toHaveLength(COUNT);
    rmSync(home, { recursive: true, force: true });
  }
});
