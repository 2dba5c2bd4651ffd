import type { Page } from '@playwright/test';
import { expect } from './app';
import type { Screen } from './screens';

// The batch panel, its list and the batch grid (issue 12), for fit.spec.ts and a11y.spec.ts.

const MARK = 'fitcheck batch';
const DIALOG_ACTIONS = '.dialog-foot button';

/** A small finished batch (2 seeds) to show in the list and the grid, made once per server. */
async function ensureBatch(page: Page): Promise<string> {
  return page.evaluate(async (mark) => {
    const list = await window.wan.invoke('batch.list', { limit: 50 });
    if (!list.ok) throw new Error(list.error.message);
    const found = list.value.find((b) => b.name === mark && b.status === 'done');
    if (found) return found.id;
    const started = await window.wan.invoke('batch.start', {
      prompt: `${mark} 海边的灯塔 lighthouse`,
      seeds: 2,
      name: mark,
      profileId: 'simulator',
      defaults: { model: 'wan2.7-image', size: '1024x1024' },
    });
    if (!started.ok) throw new Error(started.error.message);
    for (;;) {
      const view = await window.wan.invoke('batch.get', { batchId: started.value.id });
      if (!view.ok) throw new Error(view.error.message);
      if (view.value.status === 'done' && !view.value.isRunningNow) return started.value.id;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, MARK);
}

async function openBatchPanel(page: Page): Promise<void> {
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('open-batch').click();
  await expect(page.getByTestId('batch-dialog')).toBeVisible();
}

export const BATCH_SCREENS: readonly Screen[] = [
  {
    name: 'batch panel',
    open: async (page) => {
      await openBatchPanel(page);
      await page.getByTestId('batch-tab-new').click();
      // A table with long prompts in both languages, past a cap: the estimate, the refusal and the rows.
      await page.getByTestId('batch-source-file').check();
      const csv = `prompt,size\n"${MARK} 清晨的渔港,薄雾,水彩",1024x1024\n${MARK} a harbour at dusk with long exposure light trails,1696x960\n`;
      await page
        .getByTestId('batch-file')
        .setInputFiles({ name: 'harbours.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('batch-max-images').fill('1');
      await expect(page.getByTestId('batch-cap-refusal')).toBeVisible();
      await expect(page.getByTestId('batch-preview-rows')).toBeVisible();
    },
    root: '[data-testid="batch-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'batch list',
    open: async (page) => {
      await ensureBatch(page);
      await openBatchPanel(page);
      await page.getByTestId('batch-tab-recent').click();
      await expect(page.getByTestId('batch-item').first()).toBeVisible();
    },
    root: '[data-testid="batch-dialog"]',
    actions: `${DIALOG_ACTIONS}, [data-testid="batch-item"]:first-child button`,
  },
  {
    name: 'batch grid',
    open: async (page) => {
      const batchId = await ensureBatch(page);
      await openBatchPanel(page);
      await page.getByTestId('batch-tab-recent').click();
      await page.locator(`[data-batch-id="${batchId}"] [data-testid="batch-open-grid"]`).click();
      await expect(page.getByTestId('batch-grid-image')).toHaveCount(2);
    },
    root: '[data-testid="batch-grid-dialog"]',
    actions: DIALOG_ACTIONS,
  },
];
