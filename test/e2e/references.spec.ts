import type { Page } from '@playwright/test';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Issue 10 in the studio: reference images, boxes, exact palettes and the mode table, against
// browser mode and the simulator. The first tests need only the renderer; the last one walks the
// whole flow and needs main's inputs.* / palettes.* handlers and the simulator's edit mode.

const tag = (): string => `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function expectNoOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() =>
    [document.scrollingElement, document.querySelector('.studio-scroll')]
      .filter((el): el is Element => el !== null)
      .map((el) => el.scrollWidth - el.clientWidth),
  );
  expect(overflow.every((px) => px <= 0)).toBe(true);
}

test.beforeEach(async ({ page, server }) => {
  await openApp(page, server);
});

test('the exact palette keeps 100.00 % through every edit', async ({ page, problems }) => {
  const editor = page.getByTestId('palette-editor');
  await editor.getByTestId('palette-start').click();
  await expect(editor.getByTestId('palette-row')).toHaveCount(3);
  await expect(editor.getByTestId('palette-sum')).toContainText('100.00');

  const first = editor.getByTestId('palette-ratio').first();
  await first.fill('60');
  await first.press('Enter');
  await expect(first).toHaveValue('60.00');
  await expect(editor.getByTestId('palette-ratio').nth(1)).toHaveValue('20.00');
  await expect(editor.getByTestId('palette-sum')).toContainText('100.00');

  await editor.getByTestId('palette-add').click();
  await expect(editor.getByTestId('palette-row')).toHaveCount(4);
  await expect(editor.getByTestId('palette-ratio').nth(3)).toHaveValue('25.00');
  await expect(editor.getByTestId('palette-sum')).toContainText('100.00');

  await editor.getByTestId('palette-hex').first().fill('abc');
  await editor.getByTestId('palette-hex').first().press('Enter');
  await expect(editor.getByTestId('palette-hex').first()).toHaveValue('#AABBCC');
  await editor.getByTestId('palette-remove').first().click();
  await expect(editor.getByTestId('palette-row')).toHaveCount(3);
  await expect(editor.getByTestId('palette-sum')).toContainText('100.00');
  await expectNoOverflow(page);
  await keepScreenshot(page, 'studio-palette');
  expect(problems).toEqual([]);
});

test('image sets switch off thinking and palettes and say why', async ({ page }) => {
  await expect(page.getByTestId('mode-note')).toHaveAttribute('data-mode', 'text');
  await page.getByTestId('palette-editor').getByTestId('palette-start').click();
  await page.getByTestId('sequential').click();
  await expect(page.getByTestId('mode-note')).toHaveAttribute('data-mode', 'set');
  await expect(page.getByTestId('thinking')).toBeDisabled();
  await expect(page.getByTestId('thinking')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('palette-add')).toBeDisabled();
  await expect(page.getByTestId('palette-editor')).toContainText('not image sets');
  await page.getByTestId('sequential').click();
  await expect(page.getByTestId('thinking')).toBeEnabled();
  await expect(page.getByTestId('palette-add')).toBeEnabled();
});

test('a DashScope provider takes its base URL from the region', async ({ page }) => {
  await page.getByTestId('nav-settings').click();
  await page.getByRole('button', { name: /add provider|添加服务商/i }).click();
  const editor = page.getByTestId('profile-editor');
  await editor.getByTestId('profile-kind-dashscope').check();
  await expect(editor.getByTestId('profile-base-url')).toHaveValue('https://dashscope.aliyuncs.com/api/v1');
  await editor.getByTestId('profile-region-singapore').check();
  await expect(editor.getByTestId('profile-base-url')).toHaveValue('https://dashscope-intl.aliyuncs.com/api/v1');
  await editor.getByTestId('profile-region-custom').check();
  await expect(editor.getByTestId('profile-base-url')).toBeEditable();
  await editor.getByTestId('profile-kind-openai').check();
  await expect(editor.getByTestId('profile-edit-style-json')).toBeChecked();
  await expect(editor.getByTestId('profile-palette-style-text')).toBeChecked();
});

// Needs the main side of issue 10 (inputs.*, palettes.*, generation inputs) to pass.
test('two gallery images as references, a box, a palette from an image, generate, see and rerun it', async ({
  page,
}) => {
  const mark = tag();
  await generateThroughApi(page, { prompt: `参考图甲 ${mark}`, seed: 11 });
  await generateThroughApi(page, { prompt: `参考图乙 ${mark}`, seed: 12 });

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(mark);
  // The search is debounced, and a new query starts a new selection: wait until it applies.
  await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', mark);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(2);
  await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-count')).toContainText('1');
  await tiles.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-count')).toContainText('2');
  await page.getByTestId('selection-use-reference').click();

  await expect(page.getByTestId('studio')).toBeVisible();
  const references = page.getByTestId('reference');
  await expect(references).toHaveCount(2);
  await expect(page.getByTestId('mode-note')).toHaveAttribute('data-mode', 'edit');
  await expect(page.getByTestId('thinking')).toBeDisabled();

  // Draw a box on image 1, then nudge it with the keyboard.
  await page.getByTestId('reference-boxes').first().click();
  const stage = page.getByTestId('box-stage');
  const at = (await stage.boundingBox())!;
  await page.mouse.move(at.x + at.width * 0.2, at.y + at.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(at.x + at.width * 0.5, at.y + at.height * 0.6, { steps: 5 });
  await page.mouse.up();
  const box = page.getByTestId('edit-box');
  await expect(box).toHaveCount(1);
  const drawn = (await box.getAttribute('data-box'))!.split(',').map(Number);
  await box.focus();
  await page.keyboard.press('ArrowRight');
  await expect(box).not.toHaveAttribute('data-box', drawn.join(','));
  await keepScreenshot(page, 'studio-box-editor');
  await page.getByTestId('box-done').click();
  await expect(page.getByTestId('reference-box-count').first()).toBeVisible();

  await page.getByTestId('palette-from-reference').nth(1).click();
  await expect(page.getByTestId('palette-row').first()).toBeVisible();
  await expect(page.getByTestId('palette-sum')).toContainText('100.00');
  await expectNoOverflow(page);
  await keepScreenshot(page, 'studio-references');

  const prompt = `把图1的猫放进图2的场景 ${mark}`;
  await page.getByTestId('prompt').fill(prompt);
  await page.getByTestId('generate').click();
  // The two source images were made with the same mark: find the edit's own card.
  const job = page.getByTestId('queue-item').filter({ hasText: '把图1的猫放进图2的场景' }).filter({ hasText: mark });
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  await job.getByTestId('job-thumb').first().click();
  await expect(page.getByTestId('detail')).toBeVisible();
  await expect(page.getByTestId('detail-input')).toHaveCount(2);
  await expect(page.getByTestId('detail-input-box')).toHaveCount(1);
  await expect(page.getByTestId('detail-palette')).toBeVisible();
  await keepScreenshot(page, 'detail-inputs');

  await page.evaluate(() => {
    const w = window as unknown as { __done: string[] };
    w.__done = [];
    window.wan.on('generation.finished', (p) => w.__done.push(p.generationId));
  });
  await page.getByTestId('detail-rerun').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __done: string[] }).__done.length)).toBe(1);
  const rerun = await page.evaluate(async () => {
    const id = (window as unknown as { __done: string[] }).__done[0]!;
    const view = await window.wan.invoke('generation.get', { generationId: id });
    if (!view.ok) throw new Error(view.error.message);
    const inputs = (view.value as unknown as { inputs?: { boxes: unknown[] }[] }).inputs ?? [];
    return {
      inputs: inputs.length,
      boxes: inputs.map((i) => i.boxes.length),
      palette: view.value.generation.parameters.palette?.length ?? 0,
    };
  });
  expect(rerun).toMatchObject({ inputs: 2, boxes: [1, 0] });
  expect(rerun.palette).toBeGreaterThanOrEqual(3);

  await page.getByTestId('detail-edit').click();
  await expect(page.getByTestId('reference')).toHaveCount(2);
  await expect(page.getByTestId('reference-box-count')).toHaveCount(1);
});
