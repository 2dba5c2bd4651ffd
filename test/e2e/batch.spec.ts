import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { expect, expectImagesLoaded, keepScreenshot, openApp, test } from './support/app';

// A batch the way a person runs one: a small CSV (2 prompts × 2 sizes) dropped into the batch
// panel, previewed with its estimate, refused past a cap, started, followed to done, opened as a
// grid with its headers, saved as a contact sheet and shown in the gallery; then a slow batch
// paused, resumed and canceled.

const runTag = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function openPanel(page: Page): Promise<void> {
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('open-batch').click();
  await expect(page.getByTestId('batch-dialog')).toBeVisible();
  await page.getByTestId('batch-tab-new').click();
}

test('a CSV batch: estimate, cap, progress to done, grid, contact sheet, gallery filter', async ({
  page,
  server,
  problems,
}) => {
  const run = runTag();
  const out = mkdtempSync(path.join(tmpdir(), 'wan-e2e-sheet-'));
  try {
    await openApp(page, server);
    await openPanel(page);
    await page.getByTestId('batch-source-file').check();
    // A row that cannot be sent is named by row (the header is row 1) and column; Start refuses.
    const bad = `prompt,size\n${run} ok,1024x1024\n${run} bad,999x1\n`;
    await page
      .getByTestId('batch-file')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect(page.getByTestId('batch-row-error').first()).toContainText(/^Row 3, size: /);
    await expect(page.getByTestId('batch-start')).toHaveAttribute('aria-disabled', 'true');
    const csv = `prompt,size\n${run} cat,1024x1024\n${run} cat,1696x960\n${run} dog,1024x1024\n${run} dog,1696x960\n`;
    await page
      .getByTestId('batch-file')
      .setInputFiles({ name: 'pets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('batch-file-drop')).toContainText('pets.csv');
    await expect(page.getByTestId('batch-estimate-counts')).toHaveText('4 generations · 4 images');
    await expect(page.getByTestId('batch-estimate-cost')).toContainText(/about .*\d/);
    await expect(page.getByTestId('batch-preview-rows').locator('tbody tr')).toHaveCount(4);

    // Past the cap: the reason is shown and Start sends nothing.
    await page.getByTestId('batch-max-images').fill('3');
    await expect(page.getByTestId('batch-cap-refusal')).toBeVisible();
    await expect(page.getByTestId('batch-start-block')).toContainText('4 images, past the cap of 3: raise Max images');
    await expect(page.getByTestId('batch-start')).toHaveAttribute('aria-disabled', 'true');
    await page.getByTestId('batch-start').click({ force: true });
    await expect(page.getByTestId('batch-tab-new')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('batch-max-images').fill('');
    await page.getByTestId('batch-name').fill(`pets ${run}`);
    await expect(page.getByTestId('batch-start-block')).toHaveCount(0);
    await expect(page.getByTestId('batch-start')).toHaveAttribute('aria-disabled', 'false');
    await page.getByTestId('batch-start').click();

    // Followed live to done, with its counts.
    const item = page.getByTestId('batch-item').filter({ hasText: `pets ${run}` });
    await expect(item).toHaveAttribute('data-status', 'done');
    await expect(item.getByTestId('batch-counts')).toContainText('4 done · 0 failed · 0 active · 0 to go · 4 images');
    await expect(item.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    const batchId = (await item.getAttribute('data-batch-id'))!;

    // The grid: prompts across, sizes down, one image in each crossing.
    await item.getByTestId('batch-open-grid').click();
    const grid = page.getByTestId('batch-grid-dialog');
    await expect(grid.getByTestId('batch-grid-col')).toHaveText([`prompt ${run} cat`, `prompt ${run} dog`]);
    await expect(grid.getByTestId('batch-grid-row')).toHaveText(['size 1024x1024', 'size 1696x960']);
    await expect(grid.getByTestId('batch-grid-image')).toHaveCount(4);
    await expectImagesLoaded(grid.locator('[data-testid="batch-grid-image"] img'));
    // Axes swapped: sizes across.
    await grid.getByTestId('batch-grid-x').selectOption('size');
    await expect(grid.getByTestId('batch-grid-col')).toHaveText(['size 1024x1024', 'size 1696x960']);
    await keepScreenshot(page, 'batch-grid');

    // The contact sheet, written into a typed folder.
    await grid.getByTestId('batch-sheet-folder-path').fill(out);
    await grid.getByTestId('batch-sheet-save').click();
    await expect(grid.getByTestId('batch-sheet-saved')).toContainText(out);
    const files = readdirSync(out);
    expect(files).toEqual([`pets ${run} contact sheet.png`]);
    const meta = await sharp(path.join(out, files[0]!)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(2 * 256);

    // A cell opens its image in the detail view, within the batch's gallery filter.
    await grid.getByTestId('batch-grid-image').first().click();
    await expect(page.getByTestId('detail-image')).toBeVisible();
    await page.getByTestId('detail-close').click();
    await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', `batch:${batchId}`);
    await expect(page.getByTestId('gallery-tile')).toHaveCount(4);
    await expect(page.getByTestId('search-chip')).toContainText(batchId);
    // The chip opens the same batch as its grid.
    await page.getByTestId('search-chip-batch-grid').click();
    await expect(page.getByTestId('batch-grid-dialog').getByTestId('batch-grid-image')).toHaveCount(4);
    await page.getByTestId('batch-grid-close').click();
    await expect(page.getByTestId('batch-grid-dialog')).toBeHidden();
    expect(problems).toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a running batch pauses, resumes and cancels', async ({ page, server, problems }) => {
  const run = runTag();
  await openApp(page, server);
  await openPanel(page);
  await page.getByTestId('batch-source-lines').check();
  // Slow tasks, so the batch is still going when the buttons are pressed.
  await page.getByTestId('batch-lines').fill(`${run} slow lighthouse [[sim duration=1500]]`);
  await page.getByTestId('batch-seeds').fill('12');
  await expect(page.getByTestId('batch-estimate-counts')).toHaveText('12 generations · 12 images');
  await page.getByTestId('batch-name').fill(`slow ${run}`);
  await page.getByTestId('batch-start').click();

  const item = page.getByTestId('batch-item').filter({ hasText: `slow ${run}` });
  await expect(item).toHaveAttribute('data-status', 'running');
  await item.getByTestId('batch-pause').click();
  await expect(item).toHaveAttribute('data-status', 'paused');
  await expect(item.getByTestId('batch-resume')).toBeVisible();
  // Paused: rows already in the queue finish, the rest wait.
  await expect(item.getByTestId('batch-counts')).toContainText(/0 active · [1-9]\d* to go/);
  await item.getByTestId('batch-resume').click();
  await expect(item).toHaveAttribute('data-status', 'running');
  await item.getByTestId('batch-cancel').click();
  await expect(item).toHaveAttribute('data-status', 'canceled');
  await expect(item.getByTestId('batch-counts')).toContainText('0 to go');
  await expect(item.getByTestId('batch-pause')).toHaveCount(0);
  await expect(item.getByTestId('batch-resume')).toHaveCount(0);
  expect(problems).toEqual([]);
});
