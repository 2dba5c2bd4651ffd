import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ImageView } from '../../src/shared/contract';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Library care in the gallery: tags added in the detail view and in bulk, the tag filter, and
// deleting from the trash for good (the files really go).

/** An image the run's search leaves out: once the tile count drops to the run's, the search has applied. */
const DECOY = { prompt: '不相干的一张', seed: 9100 };

function runTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function imageOf(page: Page, generationId: string): Promise<ImageView> {
  return page.evaluate(async (id) => {
    const view = await window.wan.invoke('generation.get', { generationId: id });
    if (!view.ok) throw new Error(view.error.message);
    return view.value.images[0]!;
  }, generationId);
}

test('tags from the detail view and in bulk, then filters by tag', async ({ page, server, problems }) => {
  await openApp(page, server);
  const run = runTag();
  for (const seed of [9101, 9102, 9103]) await generateThroughApi(page, { prompt: `海边的灯塔 ${run}`, seed });
  await generateThroughApi(page, DECOY);
  const clientTag = `客户${run.slice(-4)}`;

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(3);

  // One image: typed in the detail view, Enter adds it.
  await tiles.nth(0).click();
  const detail = page.getByTestId('detail');
  await detail.getByTestId('detail-tag-input').fill(clientTag);
  await detail.getByTestId('detail-tag-input').press('Enter');
  await expect(detail.getByTestId('tag-chip')).toHaveText([`${clientTag}×`]);
  await detail.getByTestId('detail-close').click();

  // Two more in bulk, with the tag offered as a suggestion.
  await tiles.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await tiles.nth(2).click({ modifiers: ['Shift'] });
  await page.getByTestId('selection-tag').click();
  const dialog = page.getByTestId('tag-dialog');
  await dialog.getByTestId('tag-dialog-input').fill(clientTag.slice(0, 3));
  await dialog.getByTestId('tag-suggestion').filter({ hasText: clientTag }).click();
  await dialog.getByTestId('tag-dialog-input').fill('夜景');
  await dialog.getByTestId('tag-dialog-input').press('Enter');
  await keepScreenshot(page, 'tag-dialog');
  await dialog.getByTestId('tag-dialog-apply').click();
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Escape');

  // The filter narrows to images carrying every chosen tag.
  await page.getByTestId('gallery-search').fill('');
  await page.getByTestId('filter-tag').selectOption(clientTag);
  await expect(tiles).toHaveCount(3);
  await page.getByTestId('filter-tag').selectOption('夜景');
  await expect(tiles).toHaveCount(2);
  await keepScreenshot(page, 'gallery-tag-filter');
  const tags = await page.evaluate(() => window.wan.invoke('library.tags', undefined));
  expect(tags.ok && tags.value.find((t) => t.name === clientTag)?.count).toBe(3);
  expect(problems).toEqual([]);
});

test('deletes from the trash for good, after saying so', async ({ page, server, problems }) => {
  await openApp(page, server);
  const run = runTag();
  const made = [];
  for (const seed of [9201, 9202]) made.push(await generateThroughApi(page, { prompt: `废弃的草稿 ${run}`, seed }));
  await generateThroughApi(page, DECOY);
  const files = await Promise.all(made.map(async (m) => (await imageOf(page, m.generationId)).filePath));
  expect(files.every((file) => existsSync(file))).toBe(true);

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(2);
  await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await tiles.nth(1).click({ modifiers: ['Shift'] });
  await page.getByTestId('selection-trash').click();
  await expect(tiles).toHaveCount(0);

  await page.getByTestId('filter-trash').click();
  await expect(tiles).toHaveCount(2);
  // The newest (seed 9202) is first: delete only that one.
  await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('selection-delete').click();
  const confirm = page.getByTestId('delete-for-good-dialog');
  await expect(confirm).toContainText('deleted from this computer');
  await confirm.getByTestId('delete-for-good-confirm').click();
  await expect(tiles).toHaveCount(1);
  expect(existsSync(files[1]!)).toBe(false);
  expect(existsSync(files[0]!)).toBe(true);

  // Empty trash takes the rest (the search still narrows the view, not what is emptied).
  await page.getByTestId('gallery-search').fill('');
  await page.getByTestId('gallery-empty-trash').click();
  await expect(confirm).toContainText('cannot be undone');
  await confirm.getByTestId('delete-for-good-confirm').click();
  await expect(page.getByTestId('gallery-empty')).toBeVisible();
  expect(existsSync(files[0]!)).toBe(false);
  expect(problems).toEqual([]);
});
