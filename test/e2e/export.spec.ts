import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { plannedPath } from '../../src/shared/export-names';
import type { ImageView } from '../../src/shared/contract';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Batch export from the gallery, the way a person does it: pick images with click and
// Shift-click, export them with a custom name template and folder layout to a folder typed into
// the path field (browser mode has no folder dialog), and find the files on disk.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function runTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Every file under `root`, relative, with forward slashes. */
function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? filesUnder(root, full)
      : [path.relative(root, full).split(path.sep).join('/')];
  });
}

async function imagesOf(page: Page, generationIds: string[]): Promise<ImageView[]> {
  return page.evaluate(async (ids) => {
    const views = await Promise.all(ids.map((generationId) => window.wan.invoke('generation.get', { generationId })));
    return views.flatMap((v) => {
      if (!v.ok) throw new Error(v.error.message);
      return v.value.images;
    });
  }, generationIds);
}

test('exports images picked with click and Shift-click, named by a custom template', async ({
  page,
  server,
  problems,
}) => {
  const destination = mkdtempSync(path.join(tmpdir(), 'wan-e2e-export-'));
  try {
    await openApp(page, server);
    const run = runTag();
    const made = [];
    // One after another, so the gallery order (newest first) is known.
    for (const seed of [7101, 7102, 7103]) {
      made.push(await generateThroughApi(page, { prompt: `夜市的灯笼 ${run}`, seed }));
    }
    // One that the search leaves out, so three tiles means the search has applied (a new search
    // clears the selection, so picking must wait for it).
    await generateThroughApi(page, { prompt: '不相干的一张', seed: 7100 });

    await page.getByTestId('nav-gallery').click();
    await page.getByTestId('gallery-search').fill(run);
    const tiles = page.getByTestId('gallery-tile');
    await expect(tiles).toHaveCount(3);
    const cells = page.locator('[role="gridcell"]:has([data-testid="gallery-tile"])');

    // Ctrl/Cmd-click starts a selection; Shift-click takes everything up to the third tile.
    await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
    await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
    await tiles.nth(2).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('selection-count')).toHaveText('3 selected');
    await expect(cells.and(page.locator('[aria-selected="true"]'))).toHaveCount(3);
    await expect(page.getByTestId('detail')).toHaveCount(0);

    await page.getByTestId('selection-export').click();
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('export-destination-path').fill(destination);
    await dialog.getByTestId('export-layout-generation').check();
    // A typo is named inline and blocks the export until fixed.
    const template = dialog.getByTestId('export-template');
    await template.fill('{sed}_{index}');
    await expect(dialog.getByTestId('export-template-error')).toContainText('{sed}');
    await template.fill('lantern-{seed}_{index}');
    await expect(dialog.getByTestId('export-template-error')).toHaveCount(0);
    await expect(dialog.getByTestId('export-preview')).toContainText('lantern-7101_01.png');
    await keepScreenshot(page, 'export-dialog');
    // The preview is planned by main: every name it shows is a file the export writes.
    const previewed = await dialog.getByTestId('export-preview').locator('li.mono').allTextContents();
    expect(previewed).toHaveLength(3);

    await dialog.getByTestId('export-start').click();
    const summary = dialog.getByTestId('export-summary');
    await expect(summary).toBeVisible({ timeout: 30_000 });
    await expect(summary).toHaveAttribute('data-status', 'done');
    await expect(dialog.getByTestId('export-written')).toHaveText('3');
    await expect(dialog.getByTestId('export-failed')).toHaveText('0');
    await keepScreenshot(page, 'export-summary');

    // Browser mode cannot open a file manager: the folder is shown with a copy button instead.
    await dialog.getByTestId('export-open-folder').click();
    await expect(dialog.getByTestId('export-folder-text')).toHaveText(/wan-e2e-export-/);
    await expect(dialog.getByTestId('export-copy-path')).toBeVisible();

    // On disk: the names the template and layout promise, real PNGs, and both manifests.
    const images = await imagesOf(
      page,
      made.map((m) => m.generationId),
    );
    const expected = images
      .map((image) =>
        plannedPath(
          { template: 'lantern-{seed}_{index}', layout: 'generation', format: 'png' },
          { ...image, imageId: image.id },
          image.mime,
        ),
      )
      .sort();
    for (const image of images) {
      expect(expected).toContainEqual(
        expect.stringMatching(new RegExp(`_${image.generationId.slice(0, 8)}/lantern-${image.seed}_01\\.png$`)),
      );
    }
    const written = filesUnder(destination).sort();
    expect(written).toEqual([...expected, 'manifest.csv', 'manifest.json'].sort());
    expect(previewed.sort()).toEqual(expected);
    for (const file of expected) {
      expect(readFileSync(path.join(destination, file)).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(destination, 'manifest.json'), 'utf8')) as {
      items: { file: string; seed: number }[];
    };
    expect(manifest.items.map((item) => item.file).sort()).toEqual(expected);
    expect(manifest.items.map((item) => item.seed).sort()).toEqual([7101, 7102, 7103]);
    expect(readFileSync(path.join(destination, 'manifest.csv'), 'utf8')).toContain('lantern-7102_01.png');

    // The options are remembered for the next export.
    await dialog.getByTestId('export-close').click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('selection-export').click();
    await expect(dialog.getByTestId('export-destination-path')).toHaveValue(destination);
    await expect(dialog.getByTestId('export-template')).toHaveValue('lantern-{seed}_{index}');
    await expect(dialog.getByTestId('export-layout-generation')).toBeChecked();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Escape on the page clears the selection.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('selection-bar')).toHaveCount(0);
    expect(problems).toEqual([]);
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
});

test('selects from the keyboard: Space, Shift+arrows, Ctrl+A with exceptions, Escape', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  const run = runTag();
  for (const seed of [8101, 8102, 8103, 8104]) await generateThroughApi(page, { prompt: `山间小屋 ${run}`, seed });
  await generateThroughApi(page, { prompt: '不相干的一张', seed: 8100 });

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(4);
  const count = page.getByTestId('selection-count');

  await tiles.nth(0).focus();
  await page.keyboard.press('Space');
  await expect(count).toHaveText('1 selected');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(count).toHaveText('3 selected');
  await expect(tiles.nth(2)).toBeFocused();
  // Space on a selected tile unticks it; nothing opens.
  await page.keyboard.press('Space');
  await expect(count).toHaveText('2 selected');
  await expect(page.getByTestId('detail')).toHaveCount(0);

  // Ctrl+A: everything the search matches, held as a query; unticking one leaves an exception.
  await page.keyboard.press('ControlOrMeta+a');
  await expect(count).toHaveText('All 4 matching selected');
  await tiles.nth(1).click();
  await expect(count).toHaveText('3 selected');
  await expect(page.locator('[role="gridcell"][aria-selected="true"]')).toHaveCount(3);

  // Exporting "all matching but one" sends the query with its exception: three files.
  const destination = mkdtempSync(path.join(tmpdir(), 'wan-e2e-export-all-'));
  try {
    await page.getByTestId('selection-export').click();
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog.getByRole('heading', { name: 'Export 3 images' })).toBeVisible();
    await dialog.getByTestId('export-destination-path').fill(destination);
    await dialog.getByTestId('export-layout-flat').check();
    await dialog.getByTestId('export-template').fill('{seed}');
    await dialog.getByTestId('export-start').click();
    await expect(dialog.getByTestId('export-summary')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    expect(filesUnder(destination).sort()).toEqual([
      '8101.png',
      '8102.png',
      '8104.png',
      'manifest.csv',
      'manifest.json',
    ]);
    await dialog.getByTestId('export-close').click();
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  // With nothing selected, Enter on a tile opens it as before.
  await tiles.nth(0).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail')).toBeVisible();
  expect(problems).toEqual([]);
});
