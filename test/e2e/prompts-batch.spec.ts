import type { Page } from '@playwright/test';
import { expect, generateThroughApi, openApp, test } from './support/app';

// "Use in batch" (issue 12): a saved template becomes the batch's template source, and a prompt
// from the history becomes the studio's prompt made with several seeds, each in one click.

function tag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

async function openLibrary(page: Page, tab: 'history' | 'saved'): Promise<void> {
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('prompt-library-open').click();
  await expect(page.getByTestId('prompt-library')).toBeVisible();
  await page.getByTestId(`prompt-tab-${tab}`).check();
}

test('a saved template and a history prompt each open the batch panel as its source', async ({ page, server }) => {
  await openApp(page, server);
  const name = `批量模板 ${tag()}`;
  await page.getByTestId('prompt').fill(`一只{红|蓝|绿}色的猫 ${name}`);
  await openLibrary(page, 'saved');
  await page.getByTestId('prompt-save-current').click();
  await page.getByTestId('prompt-save-name').fill(name);
  await page.getByTestId('prompt-save-name-save').click();
  await page.getByTestId('prompt-search').fill(name);
  await page.getByTestId('prompt-saved-item').getByTestId('prompt-saved-batch').click();

  const dialog = page.getByTestId('batch-dialog');
  await expect(page.getByTestId('prompt-library')).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('batch-source-template')).toBeChecked();
  await expect(page.getByTestId('batch-saved-template')).toContainText(name);
  await expect(page.getByTestId('batch-estimate-counts')).toContainText('3 generations');
  await page.getByTestId('batch-close').click();

  const prompt = `历史提示词 lighthouse ${tag()}`;
  await generateThroughApi(page, { prompt, seed: 7201 });
  await page.getByTestId('prompt').fill('something else');
  await openLibrary(page, 'history');
  await page.getByTestId('prompt-search').fill(prompt);
  await expect(page.getByTestId('prompt-history-item')).toHaveCount(1);
  await page.getByTestId('prompt-history-item').getByTestId('prompt-history-batch').click();
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('batch-source-prompt')).toBeChecked();
  await expect(page.getByTestId('batch-studio-prompt')).toContainText(prompt);
  await expect(page.getByTestId('batch-seeds')).toHaveValue('4');
  await expect(page.getByTestId('batch-estimate-counts')).toContainText('4 generations');
});
