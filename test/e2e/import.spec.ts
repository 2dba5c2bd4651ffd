import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// The way back in: images exported from the library, deleted for good, then brought back with
// the gallery's Import action, as rerunnable records with their prompt and seed; a photo from
// elsewhere in the same folder comes in as a plain image.

test('imports an export folder back as the same records, and other images as plain ones', async ({
  page,
  server,
  problems,
}) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'wan-e2e-import-'));
  try {
    await openApp(page, server);
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const made = [
      await generateThroughApi(page, { prompt: `归来的纸鹤 ${run}`, seed: 8801 }),
      await generateThroughApi(page, { prompt: `归来的纸鹤 ${run}`, seed: 8802 }),
    ];
    const generationIds = made.map((m) => m.generationId);

    // Export both, then delete them for good: the folder is now the only copy.
    const exported = await page.evaluate(
      async ({ ids, destination }) => {
        const views = await Promise.all(
          ids.map((generationId) => window.wan.invoke('generation.get', { generationId })),
        );
        const imageIds = views.flatMap((v) => (v.ok ? v.value.images.map((i) => i.id) : []));
        const started = await window.wan.invoke('export.start', {
          selection: { kind: 'images', imageIds },
          options: {
            destination,
            layout: 'flat',
            template: 'crane_{seed}',
            format: 'png',
            quality: 90,
            isMetadataIncluded: true,
            onConflict: 'rename',
          },
        });
        if (!started.ok) throw new Error(started.error.message);
        for (;;) {
          const list = await window.wan.invoke('export.list', { limit: 20 });
          const view = list.ok ? list.value.find((v) => v.id === started.value.id) : undefined;
          if (view && view.status !== 'running') break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await window.wan.invoke('image.trash', { imageIds });
        const emptied = await window.wan.invoke('library.emptyTrash', { imageIds });
        return { imageIds, removed: emptied.ok ? emptied.value.removed : -1 };
      },
      { ids: generationIds, destination: folder },
    );
    expect(exported.removed).toBe(2);
    await sharp({ create: { width: 48, height: 32, channels: 3, background: '#2a6' } })
      .jpeg()
      .toFile(path.join(folder, 'holiday.jpg'));

    await page.getByTestId('nav-gallery').click();
    await page.getByTestId('gallery-import').click();
    await page.getByTestId('library-task-folder-path').fill(folder);
    await page.getByTestId('library-task-start').click();
    const summary = page.getByTestId('import-summary');
    await expect(summary).toBeVisible();
    await expect(page.getByTestId('import-restored')).toHaveText('2');
    await expect(page.getByTestId('import-plain')).toHaveText('1');
    await expect(page.getByTestId('import-duplicates')).toHaveText('0');
    await keepScreenshot(page, 'import-summary');
    await page.getByTestId('library-task-close').click();

    // Back in the gallery, and the same records as before, ready to rerun.
    await page.getByTestId('gallery-search').fill(run);
    await expect(page.getByTestId('gallery-tile')).toHaveCount(2);
    const back = await page.evaluate(async (ids) => {
      const views = await Promise.all(ids.map((generationId) => window.wan.invoke('generation.get', { generationId })));
      return views.map((v) =>
        v.ok
          ? {
              prompt: v.value.generation.prompt,
              seed: v.value.generation.seed,
              images: v.value.images.map((i) => i.id),
            }
          : null,
      );
    }, generationIds);
    expect(back).toEqual([
      { prompt: `归来的纸鹤 ${run}`, seed: 8801, images: [exported.imageIds[0]] },
      { prompt: `归来的纸鹤 ${run}`, seed: 8802, images: [exported.imageIds[1]] },
    ]);
    expect(problems).toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
