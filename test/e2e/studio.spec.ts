import type { Page } from '@playwright/test';
import { expect, expectImagesLoaded, keepScreenshot, openApp, test } from './support/app';

// The studio against the offline simulator: write a prompt, generate in the background, wait for
// the result, make an image set, and see failures explained with a next step.

/** A prompt no other test uses, so its queue item is easy to find. */
function uniquePrompt(text: string): string {
  return `${text} #${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function generate(page: Page, prompt: string) {
  await page.getByTestId('prompt').fill(prompt);
  await expect(page.getByTestId('generate')).toBeEnabled();
  await page.getByTestId('generate').click();
  return page.getByTestId('queue-item').filter({ hasText: prompt.slice(-12) });
}

test.beforeEach(async ({ page, server }) => {
  await openApp(page, server);
  await expect(page.getByTestId('active-profile')).toHaveAttribute('data-simulator', 'true');
});

test('the simulator is labelled, and Generate waits for a prompt', async ({ page }) => {
  await expect(page.getByTestId('simulator-label')).toBeVisible();
  await expect(page.getByTestId('generate')).toBeDisabled();
  await expect(page.getByTestId('generate-reason')).toBeVisible();
});

test('generates in the background: the queue shows progress, then the image', async ({ page, problems }) => {
  // A slower task, so the running state can be seen and kept.
  const job = await generate(page, uniquePrompt('一间有着精致窗户的花店 [[sim duration=2500]]'));
  await expect(job).toHaveCount(1);
  await expect(job.getByRole('progressbar')).toBeVisible();
  await expect(page.getByTestId('queue-active-count')).toBeVisible();
  await keepScreenshot(page, 'studio-in-progress');

  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const thumbs = job.getByTestId('job-thumbs').locator('img');
  await expect(thumbs).toHaveCount(1);
  await expectImagesLoaded(thumbs);
  await keepScreenshot(page, 'studio-async-done');
  expect(problems).toEqual([]);
});

test('generates and waits for the result (sync delivery)', async ({ page }) => {
  await page.getByTestId('delivery-sync').check();
  const job = await generate(page, uniquePrompt('清晨薄雾中的竹林'));
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const thumbs = job.getByTestId('job-thumbs').locator('img');
  await expect(thumbs).toHaveCount(1);
  await expectImagesLoaded(thumbs);
});

test('makes an image set of three', async ({ page }) => {
  await page.getByTestId('sequential').click();
  await expect(page.getByTestId('sequential')).toHaveAttribute('aria-checked', 'true');
  await page.getByTestId('count').fill('3');
  const job = await generate(page, uniquePrompt('四季变换的同一棵樱花树'));
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const thumbs = job.getByTestId('job-thumbs').locator('img');
  await expect(thumbs).toHaveCount(3);
  await expectImagesLoaded(thumbs);
  await keepScreenshot(page, 'studio-image-set');
});

test('a thumbnail in the queue opens that very image in the gallery, by click or by keyboard', async ({
  page,
  problems,
}) => {
  await page.getByTestId('sequential').click();
  await page.getByTestId('count').fill('3');
  const prompt = uniquePrompt('山间的三座凉亭');
  const job = await generate(page, prompt);
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const thumbs = job.getByTestId('job-thumb');
  await expect(thumbs).toHaveCount(3);
  const ids = await thumbs.evaluateAll((els) => els.map((el) => el.getAttribute('data-image-id') ?? ''));
  expect(new Set(ids).size).toBe(3);
  await expect(thumbs.nth(1)).toHaveAccessibleName(/^Open image 2 of 3 in the gallery: 山间的三座凉亭/);

  // The middle one of the set: the detail must show it, not its neighbours.
  await thumbs.nth(1).click();
  const detail = page.getByTestId('detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('gallery-page')).toBeVisible();
  await expect(detail).toHaveAttribute('data-image-id', ids[1]!);
  await expect(page.getByTestId('detail-prompt')).toHaveText(prompt);
  await keepScreenshot(page, 'queue-thumbnail-opens-detail');
  await page.getByTestId('detail-close').click();

  // A search that hides the image is cleared; Enter on a focused thumbnail does what a click does.
  await page.getByTestId('gallery-search').fill('沙漠中的绿洲');
  await expect(page.getByTestId('gallery-empty')).toBeVisible();
  await page.getByTestId('nav-studio').click();
  await job.getByTestId('job-thumb').nth(2).focus();
  await page.keyboard.press('Enter');
  await expect(detail).toHaveAttribute('data-image-id', ids[2]!);
  await expect(page.getByTestId('gallery-search')).toHaveValue('');
  expect(problems).toEqual([]);
});

test('a rejected key is explained, with Settings as the next step', async ({ page }) => {
  const job = await generate(page, uniquePrompt('熊猫 [[sim status=401 code=InvalidApiKey]]'));
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  const error = job.getByTestId('job-error');
  await expect(error).toHaveAttribute('data-code', 'auth');
  await expect(error).toContainText('API key was rejected');
  await expect(job.getByTestId('job-next-step')).toHaveAttribute('data-step', 'open_settings');
  await keepScreenshot(page, 'studio-error-auth');
});

test('a refused field is named, with the service’s own words behind a disclosure, and the studio as the next step', async ({
  page,
}) => {
  const job = await generate(page, uniquePrompt('海边 [[sim status=400 code=InvalidParameter message=bad_size]]'));
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(job.getByTestId('job-error')).toHaveAttribute('data-code', 'invalid_request');
  await expect(job.getByTestId('job-error')).toContainText('"size"');
  await expect(job.getByTestId('job-next-step')).toHaveAttribute('data-step', 'edit_request');
  await job.getByTestId('job-error-details').locator('summary').click();
  await expect(job.getByTestId('job-error-detail')).toContainText('bad size');
  await expect(job.getByTestId('job-error-detail')).toContainText('InvalidParameter');
});

test('a task refused by content review says so, and loads the prompt back for editing', async ({ page }) => {
  const prompt = uniquePrompt('灯塔 [[sim task=fail code=DataInspectionFailed]]');
  const job = await generate(page, prompt);
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(job.getByTestId('job-error')).toHaveAttribute('data-code', 'moderation');
  const next = job.getByTestId('job-next-step');
  await expect(next).toHaveAttribute('data-step', 'edit_prompt');
  await page.getByTestId('prompt').fill('');
  await next.click();
  await expect(page.getByTestId('prompt')).toHaveValue(prompt);
});

test('a server failure on the create offers a retry that says it bills a new image, on the same card', async ({
  page,
}) => {
  // A failed create is not sent again by itself (it may have been billed); the person's retry is.
  const prompt = uniquePrompt('锦鲤 [[sim on=create status=500 times=1]]');
  const job = await generate(page, prompt);
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(job.getByTestId('job-error')).toHaveAttribute('data-code', 'server');
  const retry = job.getByTestId('job-next-step');
  await expect(retry).toHaveAttribute('data-retry-action', 'create');
  await expect(retry).toHaveText('Retry — bills a new image');
  await retry.click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('queue-item').filter({ hasText: prompt.slice(-12) })).toHaveCount(1);
});

test('a result that could not be downloaded is retried by downloading it again, at no charge', async ({ page }) => {
  // The link and its renewal both answer 404: the job stops with its results saved.
  const job = await generate(page, uniquePrompt('雪山 [[sim on=download status=404 times=2]]'));
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(job.getByTestId('job-error')).toHaveAttribute('data-code', 'expired');
  const retry = job.getByTestId('job-next-step');
  await expect(retry).toHaveAttribute('data-retry-action', 'download');
  await expect(retry).toHaveText('Retry — no new charge');
  await keepScreenshot(page, 'studio-retry-free');
  await retry.click();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(job.getByTestId('job-thumbs').locator('img')).toHaveCount(1);
});
