import type { Page } from '@playwright/test';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// The prompt library (history, presets) and the revised-prompt diff, as a person uses them.

function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function openLibrary(page: Page, tab: 'history' | 'saved' | 'presets'): Promise<void> {
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('prompt-library-open').click();
  await expect(page.getByTestId('prompt-library')).toBeVisible();
  await page.getByTestId(`prompt-tab-${tab}`).check();
}

test('a prompt sent twice shows once in the history with its use count, and loads into the studio', async ({
  page,
  server,
}) => {
  await openApp(page, server);
  const prompt = `提示词历史 harbour ${tag()}`;
  await generateThroughApi(page, { prompt, seed: 7101 });
  await generateThroughApi(page, { prompt, seed: 7102 });

  await openLibrary(page, 'history');
  // Searched in another spelling: full-width letters fold to the same text.
  await page.getByTestId('prompt-search').fill(`ＨＡＲＢＯＵＲ ${prompt.split(' ').at(-1)}`);
  const item = page.getByTestId('prompt-history-item');
  await expect(item).toHaveCount(1);
  await expect(item.locator('.prompt-text')).toHaveText(prompt);
  await expect(item.getByTestId('prompt-uses')).toHaveText('Used 2×');
  await expect(item.locator('.prompt-thumbs img')).toHaveCount(2);
  await keepScreenshot(page, 'prompt-history');

  await item.getByTestId('prompt-history-use').click();
  await expect(page.getByTestId('prompt-library')).toBeHidden();
  await expect(page.getByTestId('prompt')).toHaveValue(prompt);

  // With settings: those of the newest generation that used it (its seed among them).
  await page.getByTestId('prompt').fill('');
  await openLibrary(page, 'history');
  await page.getByTestId('prompt-history-item').getByTestId('prompt-history-use-settings').click();
  await expect(page.getByTestId('prompt-library')).toBeHidden();
  await expect(page.getByTestId('prompt')).toHaveValue(prompt);
  await expect(page.getByTestId('seed')).toHaveValue('7102');
});

test('a style preset saved from the studio applies its fragments and model in one click', async ({ page, server }) => {
  await openApp(page, server);
  const name = `水彩 ${tag()}`;
  await page.getByTestId('model').selectOption('wan2.7-image-pro');
  await openLibrary(page, 'presets');
  await page.getByTestId('preset-new').click();
  await page.getByTestId('preset-name').fill(name);
  await page.getByTestId('preset-prefix').fill('水彩画');
  await page.getByTestId('preset-suffix').fill('soft light');
  await page.getByTestId('preset-name-save').click();
  const saved = page.getByTestId('preset-item').filter({ hasText: name });
  await expect(saved).toHaveCount(1);
  await page.getByTestId('prompt-library-close').click();

  await page.getByTestId('model').selectOption('wan2.7-image');
  await page.getByTestId('prompt').fill('a fox in the snow');
  await openLibrary(page, 'presets');
  await page.getByTestId('preset-item').filter({ hasText: name }).getByTestId('preset-apply').click();
  await expect(page.getByTestId('prompt-library')).toBeHidden();
  await expect(page.getByTestId('prompt')).toHaveValue('水彩画\uFF0Ca fox in the snow, soft light');
  await expect(page.getByTestId('model')).toHaveValue('wan2.7-image-pro');
});

test('the detail view shows what the model changed in the prompt, and sends the revised prompt to the studio', async ({
  page,
  server,
}) => {
  await openApp(page, server);
  const run = tag();
  const prompt = `一只橘猫坐在窗台上 ${run}`;
  // Thinking mode is on by default: the simulator rewrites the prompt, adding two phrases.
  await generateThroughApi(page, { prompt, seed: 7201 });
  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  // The search applies after a pause: wait for its one result, not a tile of the list before it.
  await expect(page.getByTestId('gallery-tile')).toHaveCount(1);
  await page.getByTestId('gallery-tile').click();
  await expect(page.getByTestId('detail')).toBeVisible();

  const diff = page.getByTestId('detail-revised-diff');
  await expect(diff.locator('ins')).toContainText('细节丰富');
  await expect(diff.locator('del')).toHaveCount(0);
  await expect(diff).toContainText('窗台');
  // Marked by more than colour: underline for insertions, and words for screen readers.
  const decoration = await diff
    .locator('ins')
    .first()
    .evaluate((el) => getComputedStyle(el).textDecorationLine);
  expect(decoration).toContain('underline');
  await expect(page.getByTestId('detail-diff-summary')).toContainText('removed');
  await keepScreenshot(page, 'detail-revised-diff');

  await page.getByTestId('detail-use-revised').click();
  await expect(page.getByTestId('detail')).toBeHidden();
  await expect(page.getByTestId('studio')).toBeVisible();
  await expect(page.getByTestId('prompt')).toHaveValue(`${prompt},细节丰富,光影自然`);
});

test('the studio’s prompt saved as a template shows its variables and choices, and inserts back', async ({
  page,
  server,
}) => {
  await openApp(page, server);
  const name = `模板 ${tag()}`;
  const body = `一只{红|蓝}色的{animal} ${name}`;
  await page.getByTestId('prompt').fill(body);
  await openLibrary(page, 'saved');
  await page.getByTestId('prompt-save-current').click();
  await page.getByTestId('prompt-save-name').fill(name);
  await page.getByTestId('prompt-save-name-save').click();
  const saved = page.getByTestId('prompt-saved-item').filter({ hasText: name });
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('Variables: {animal}');
  await expect(saved).toContainText('2 combinations');
  await page.getByTestId('prompt-library-close').click();

  await page.getByTestId('prompt').fill('something else');
  await openLibrary(page, 'saved');
  await page.getByTestId('prompt-search').fill(name);
  await expect(page.getByTestId('prompt-saved-item')).toHaveCount(1);
  await page.getByTestId('prompt-saved-insert').click();
  await expect(page.getByTestId('prompt')).toHaveValue(body);
});
