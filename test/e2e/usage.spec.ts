import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, generateThroughApi, openApp, test } from './support/app';

// The Usage screen against the ledger, in browser mode with the simulator: what it shows after
// generating is what `usage.report` says; a price changed in Settings changes the cost shown; a
// monthly budget below the month's total makes Generate ask first (and Cancel sends nothing).

type Totals = { images: number; billedImages: number; cost: Record<string, number> };

/** The ledger over all time, as the CLI and the screen read it. */
async function ledger(page: Page): Promise<Totals> {
  return page.evaluate(async () => {
    const report = await window.wan.invoke('usage.report', { by: 'day' });
    if (!report.ok) throw new Error(report.error.message);
    const { images, billedImages, cost } = report.value.total;
    return { images, billedImages, cost };
  });
}

async function shown(page: Page): Promise<Totals> {
  const value = (id: string) => page.getByTestId(id).getAttribute('data-value');
  return {
    images: Number(await value('usage-total-images')),
    billedImages: Number(await value('usage-total-billed')),
    cost: JSON.parse((await value('usage-total-cost')) ?? '{}') as Record<string, number>,
  };
}

async function openUsageAllTime(page: Page): Promise<void> {
  await page.getByTestId('nav-usage').click();
  await page.getByTestId('usage-range').selectOption('all');
  await expect(page.getByTestId('usage')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('usage-images-chart')).toBeVisible();
}

async function simulatorBaseUrl(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const profiles = await window.wan.invoke('profiles.list', undefined);
    if (!profiles.ok) throw new Error(profiles.error.message);
    return profiles.value.find((p) => p.id === 'simulator')!.baseUrl;
  });
}

test('the usage screen shows the ledger, follows a price change, and the budget asks before Generate', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  await generateThroughApi(page, { prompt: 'usage spec 账本 ledger', model: 'wan2.7-image', n: 2, seed: 7701 });

  await openUsageAllTime(page);
  const before = await ledger(page);
  expect(before.billedImages).toBeGreaterThanOrEqual(2);
  expect(await shown(page)).toEqual(before);
  // Per period as a table: the rows add up to the total shown.
  await page.getByTestId('usage-images-chart').getByText('Show as a table').click();
  const cells = await page.getByTestId('usage-images-chart-table').locator('tbody tr td:first-of-type').allInnerTexts();
  expect(cells.reduce((sum, text) => sum + Number(text.replace(/[^\d]/g, '')), 0)).toBe(before.billedImages);
  // Export CSV saves what is shown: one line per day and the total, matching the ledger.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('usage-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^usage-day-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(csv[0]).toMatch(/^day,generations,images,billed_images,possibly_billed_images,cost_USD/);
  const totalLine = csv[csv.length - 1]!.split(',');
  expect(totalLine.slice(0, 5)).toEqual([
    'total',
    expect.any(String),
    String(before.images),
    String(before.billedImages),
    expect.any(String),
  ]);
  expect(Number(totalLine[5])).toBeCloseTo(before.cost.USD ?? 0, 6);
  // A custom range starting tomorrow holds nothing yet; from today, what today's ledger says.
  await page.getByTestId('usage-range').selectOption('custom');
  const dayFromNow = (days: number): Promise<string> =>
    page.evaluate((n) => {
      const d = new Date();
      d.setDate(d.getDate() + n);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }, days);
  await page.getByTestId('usage-since').fill(await dayFromNow(1));
  await expect(page.getByTestId('usage-total-images')).toHaveAttribute('data-value', '0');
  await page.getByTestId('usage-since').fill(await dayFromNow(0));
  const sinceToday = await page.evaluate(async () => {
    const d = new Date();
    const since = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const report = await window.wan.invoke('usage.report', { by: 'day', since });
    return report.ok ? report.value.total.images : -1;
  });
  expect(sinceToday).toBeGreaterThan(0);
  await expect(page.getByTestId('usage-total-images')).toHaveAttribute('data-value', String(sinceToday));

  // A price set in Settings is the price the screen uses.
  const baseUrl = await simulatorBaseUrl(page);
  await page.getByTestId('nav-settings').click();
  const row = page.locator(`[data-testid="price-row"][data-base-url="${baseUrl}"][data-model="wan2.7-image"]`);
  const byModel = async (): Promise<{ billed: number; pro: Record<string, number> }> =>
    page.evaluate(async () => {
      const report = await window.wan.invoke('usage.report', { by: 'model' });
      if (!report.ok) throw new Error(report.error.message);
      const standard = report.value.rows.find((r) => r.key === 'wan2.7-image');
      const pro = report.value.rows.find((r) => r.key === 'wan2.7-image-pro');
      return { billed: standard?.billedImages ?? 0, pro: pro?.cost ?? {} };
    });
  try {
    await row.getByTestId('price-input').fill('1.5');
    await row.getByTestId('price-input').press('Enter');
    await expect(row).toHaveAttribute('data-source', 'custom');
    await openUsageAllTime(page);
    const after = await ledger(page);
    const { billed, pro } = await byModel();
    // Every e2e generation ran on the simulator, priced in USD.
    expect(after.cost.USD).toBeCloseTo(billed * 1.5 + (pro.USD ?? 0), 6);
    expect(after.cost.USD).not.toBeCloseTo(before.cost.USD ?? 0, 6);
    await expect.poll(() => shown(page)).toEqual(after);
  } finally {
    await page.getByTestId('nav-settings').click();
    await row.getByTestId('price-reset').click();
    await expect(row).toHaveAttribute('data-source', 'default');
  }

  // A budget below the month so far: Generate asks, Cancel sends nothing, "Generate anyway" sends.
  try {
    await page.getByTestId('budget-amount').fill('0.01');
    await page.getByTestId('budget-currency').fill('USD');
    await page.getByTestId('budget-currency').press('Enter');
    await page.getByTestId('nav-usage').click();
    await expect(page.getByTestId('usage-budget')).toContainText('$0.01');
    const countJobs = (): Promise<number> =>
      page.evaluate(async () => {
        const found = await window.wan.invoke('generation.recent', { limit: 200 });
        return found.ok ? found.value.length : -1;
      });
    const jobsBefore = await countJobs();
    await page.getByTestId('nav-studio').click();
    await page.getByTestId('prompt').fill('usage spec over budget 超出预算');
    await page.getByTestId('generate').click();
    const dialog = page.getByTestId('budget-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('budget-projection')).toContainText('$0.01');
    await page.getByTestId('budget-cancel').click();
    await expect(dialog).toBeHidden();
    expect(await countJobs()).toBe(jobsBefore);
    await page.getByTestId('generate').click();
    await page.getByTestId('budget-confirm').click();
    await expect(page.getByTestId('queue-item').filter({ hasText: 'over budget' }).first()).toBeVisible();

    // A batch asks the same before it starts: Cancel starts nothing.
    const countBatches = (): Promise<number> =>
      page.evaluate(async () => {
        const found = await window.wan.invoke('batch.list', { limit: 100 });
        return found.ok ? found.value.length : -1;
      });
    const batchesBefore = await countBatches();
    await page.getByTestId('open-batch').click();
    await page.getByTestId('batch-tab-new').click();
    await page.getByTestId('batch-source-lines').check();
    await page.getByTestId('batch-lines').fill('usage spec batch over budget 预算批量');
    await page.getByTestId('batch-seeds').fill('2');
    await expect(page.getByTestId('batch-estimate-counts')).toHaveText('2 generations · 2 images');
    await page.getByTestId('batch-start').click();
    await expect(dialog).toBeVisible();
    await page.getByTestId('budget-cancel').click();
    await expect(dialog).toBeHidden();
    expect(await countBatches()).toBe(batchesBefore);
  } finally {
    await page.evaluate(() => window.wan.invoke('settings.update', { monthlyBudget: null }));
  }
  expect(problems).toEqual([]);
});
