import type { Page } from '@playwright/test';
import { expect, generateThroughApi, keepScreenshot, openApp, test } from './support/app';

// Filters typed in the gallery search (as chips), the app-wide keys (/, Ctrl+F, ?, Ctrl+Z) and
// toasts that wait while pointed at and reach Undo from the keyboard.

function runTag(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Seeds no other spec uses, so `seed:N` alone finds exactly one image in the shared library. */
function uniqueSeed(): number {
  return 1_500_000_000 + Math.floor(Math.random() * 500_000_000);
}

async function isTrashed(page: Page, generationId: string): Promise<boolean> {
  return page.evaluate(async (id) => {
    const view = await window.wan.invoke('generation.get', { generationId: id });
    if (!view.ok) throw new Error(view.error.message);
    // A generation lists only the images outside the trash.
    return view.value.images.length === 0;
  }, generationId);
}

/**
 * Moves the page's clock on and lets what that set off finish: a dismissal goes through a frame,
 * React's scheduler (a MessageChannel task, on real time) and a 200 ms unmount timer.
 */
async function advance(page: Page, ms: number): Promise<void> {
  const reactTurn = (): Promise<void> =>
    page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(0);
        }),
    );
  await page.clock.runFor(ms);
  for (let turn = 0; turn < 3; turn++) {
    await reactTurn();
    await page.clock.runFor(500);
  }
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test('typed filters show as chips, keys focus the search, open the overview and undo a trash', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  const run = runTag();
  const seed = uniqueSeed();
  const first = await generateThroughApi(page, { prompt: `晨光里的灯塔 ${run}`, seed });
  await generateThroughApi(page, { prompt: `晨光里的灯塔 ${run}`, seed: seed + 1 });

  await page.getByTestId('nav-gallery').click();
  const search = page.getByTestId('gallery-search');
  const tiles = page.getByTestId('gallery-tile');
  const chips = page.getByTestId('search-chip');

  // "/" from anywhere in the gallery puts the caret in the search box.
  await blur(page);
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type(run);
  await expect(tiles).toHaveCount(2);

  // A seed typed with a full-width colon: a chip, and only that image.
  await search.fill(`${run} seed：${seed}`);
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toHaveAttribute('data-state', 'ok');
  await expect(chips.first()).toContainText(`seed: ${seed}`);
  await expect(tiles).toHaveCount(1);
  await keepScreenshot(page, 'search-chips');

  // Removing the chip from the keyboard restores the wider search.
  const remove = page.getByRole('button', { name: `Remove filter seed: ${seed}` });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(chips).toHaveCount(0);
  await expect(search).toHaveValue(run);
  await expect(tiles).toHaveCount(2);

  // A malformed filter is shown with its reason and not applied.
  await search.fill(`${run} seed:abc`);
  await expect(chips).toHaveCount(1);
  await expect(chips.first()).toHaveAttribute('data-state', 'error');
  await expect(chips.first()).toContainText('not applied');
  await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', `${run} seed:abc`);
  await expect(tiles).toHaveCount(2);
  await search.fill(`${run} seed:${seed}`);
  await expect(tiles).toHaveCount(1);

  // Ctrl+F does the same as "/".
  await blur(page);
  await page.keyboard.press('ControlOrMeta+f');
  await expect(search).toBeFocused();

  // Ctrl+Z puts back what Delete moved to the trash (not while typing: focus is on the tile).
  await tiles.first().focus();
  await page.keyboard.press('Delete');
  await expect(tiles).toHaveCount(0);
  await expect.poll(() => isTrashed(page, first.generationId)).toBe(true);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(tiles).toHaveCount(1);
  await expect.poll(() => isTrashed(page, first.generationId)).toBe(false);

  // "?" opens the overview of every shortcut; Escape closes it.
  await blur(page);
  await page.keyboard.press('Shift+Slash');
  const overview = page.getByTestId('shortcuts-dialog');
  await expect(overview).toBeVisible();
  await expect(overview.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(overview).toContainText('Undo the last trash, tag or favourite change');
  await keepScreenshot(page, 'shortcuts-dialog');
  await page.keyboard.press('Escape');
  await expect(overview).toBeHidden();
  expect(problems).toEqual([]);
});

test('a toast waits while pointed at, and its Undo is reached with Alt+T and Tab', async ({
  page,
  server,
  problems,
}) => {
  // The app's own timers on a clock the test moves: "still there after 30 s" without waiting 30 s.
  await page.clock.install();
  await openApp(page, server);
  const run = runTag();
  const made = await generateThroughApi(page, { prompt: `风中的麦田 ${run}`, seed: uniqueSeed() });

  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(run);
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(1);

  await tiles.first().focus();
  await page.keyboard.press('Delete');
  const toast = page.getByTestId('toast').filter({ hasText: 'Moved to trash' });
  await expect(toast).toBeVisible();
  await expect(tiles).toHaveCount(0);

  // Pointed at, it stays however long; let go, it leaves by itself.
  await toast.hover();
  await advance(page, 30_000);
  await expect(toast).toBeVisible();
  await page.mouse.move(5, 5);
  await advance(page, 30_000);
  await expect(toast).toBeHidden();
  await expect.poll(() => isTrashed(page, made.generationId)).toBe(true);

  // Restore through Ctrl+Z, trash again: this time Undo from the keyboard alone.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(tiles).toHaveCount(1);
  await tiles.first().focus();
  await page.keyboard.press('Delete');
  await expect(toast).toBeVisible();
  await page.keyboard.press('Alt+KeyT');
  // Focus inside the toasts holds them too.
  await advance(page, 30_000);
  await expect(toast).toBeVisible();
  const undo = toast.getByTestId('toast-undo');
  for (let tab = 0; tab < 6; tab++) {
    if (await undo.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(undo).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tiles).toHaveCount(1);
  await expect.poll(() => isTrashed(page, made.generationId)).toBe(false);
  expect(problems).toEqual([]);
});
