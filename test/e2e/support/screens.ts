import type { Page } from '@playwright/test';
import { expect, generateThroughApi, openApp, type AppServer } from './app';
import { BATCH_SCREENS } from './batch-screens';

// Every main screen and dialog, each with how a person opens it, for the specs that check them
// all (fit.spec.ts, a11y.spec.ts). A new screen or dialog is one entry in SCREENS.

export type Language = 'en' | 'zh-CN';
export type Theme = 'light' | 'dark';

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];
export const THEMES: readonly Theme[] = ['light', 'dark'];

export type Screen = {
  name: string;
  /** Opens it from a freshly loaded app (on the studio) and resolves once it is shown. */
  open: (page: Page) => Promise<void>;
  /**
   * Where to check: an open modal dialog makes the rest of the page inert, so only it counts.
   * Absent for a main screen: the whole page.
   */
  root?: string;
  /** Actions that must lie wholly inside the window: a dialog's action row, a screen's primary action. */
  actions: string;
};

/** Text the seeded library carries, so openers can find its images among other specs'. */
export const SEED_MARK = 'fitcheck';

const LONG_PROMPT_EN =
  `${SEED_MARK} A quiet harbour town at dawn, fishing boats with faded blue hulls, gulls over the breakwater, ` +
  'mist lifting from the water, warm light on whitewashed walls, painted in loose watercolour with soft edges';
const LONG_PROMPT_ZH = `${SEED_MARK} 清晨的江南古镇，石桥倒映在平静的河面上，薄雾缭绕，乌篷船缓缓划过，水彩风格，柔和的光线`;

/**
 * Makes sure the library holds images in every shape the screens show (long English and Chinese
 * prompts, an image set, one image in the trash), once per server: later calls find them.
 */
export async function seedLibrary(page: Page): Promise<void> {
  const count = (isTrash: boolean): Promise<number> =>
    page.evaluate(
      async (query) => {
        const found = await window.wan.invoke('library.count', { query });
        return found.ok ? found.value.total : 0;
      },
      { search: SEED_MARK, isTrash },
    );
  if ((await count(false)) < 5) {
    await generateThroughApi(page, { prompt: LONG_PROMPT_EN, seed: 5101, size: '1696x960' });
    await generateThroughApi(page, { prompt: LONG_PROMPT_ZH, seed: 5102 });
    await generateThroughApi(page, { prompt: `${SEED_MARK} 一组四季的山景`, seed: 5103, isSequential: true, n: 3 });
  }
  if (!(await hasRecentFailure(page)))
    await failThroughApi(page, `${SEED_MARK} 灯塔 [[sim task=fail code=DataInspectionFailed]]`);
  if ((await count(true)) === 0) {
    const trashed = await generateThroughApi(page, { prompt: `${SEED_MARK} 草稿 draft`, seed: 5104 });
    await page.evaluate((imageIds) => window.wan.invoke('image.trash', { imageIds }), trashed.imageIds);
  }
}

/** Whether the queue (its last 30 jobs, as the studio loads them) shows a seeded failed job. */
async function hasRecentFailure(page: Page): Promise<boolean> {
  return page.evaluate(async (mark) => {
    const recent = await window.wan.invoke('generation.recent', { limit: 30 });
    return (
      recent.ok && recent.value.some((v) => v.generation.status === 'failed' && v.generation.prompt.includes(mark))
    );
  }, SEED_MARK);
}

/** A job the simulator fails, so the queue shows an error card with its next step. */
async function failThroughApi(page: Page, prompt: string): Promise<void> {
  const outcome = await page.evaluate(async (text) => {
    let settle = (_name: string): void => {};
    const settled = new Promise<string>((resolve) => (settle = resolve));
    const ids = new Set<string>();
    const early: string[] = [];
    const offs = [
      window.wan.on('generation.failed', (p) =>
        ids.has(p.generationId) ? settle('failed') : early.push(p.generationId),
      ),
      window.wan.on('generation.finished', (p) => ids.has(p.generationId) && settle('finished')),
    ];
    try {
      const started = await window.wan.invoke('generation.start', {
        request: { prompt: text, model: 'wan2.7-image', size: '1024x1024' },
        profileId: 'simulator',
      });
      if (!started.ok) return started.error.message;
      ids.add(started.value.generationId);
      if (early.includes(started.value.generationId)) return 'failed';
      return await settled;
    } finally {
      for (const off of offs) off();
    }
  }, prompt);
  if (outcome !== 'failed') throw new Error(`the seeded failing job did not fail: ${outcome}`);
}

/** Deletes the seeded image that sat in the trash, so later specs find the trash as they left it. */
export async function clearSeededTrash(page: Page): Promise<void> {
  await page.evaluate(async (search) => {
    const listed = await window.wan.invoke('library.images', { query: { search, isTrash: true }, limit: 20 });
    if (!listed.ok) return;
    const imageIds = listed.value.items.map((i) => i.id);
    if (imageIds.length > 0) await window.wan.invoke('library.emptyTrash', { imageIds });
  }, SEED_MARK);
}

/**
 * Sets the language through the settings API (as the Settings page does) and reloads, with the
 * theme left to follow the system, so `applyTheme` can switch it in place.
 */
export async function applyLanguage(page: Page, server: AppServer, language: Language): Promise<void> {
  if (!page.url().startsWith(server.origin)) await openApp(page, server);
  const patch = { language, theme: 'system' as const };
  const updated = await page.evaluate((p) => window.wan.invoke('settings.update', p), patch);
  if (!updated.ok) throw new Error(`settings.update failed: ${updated.error.message}`);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await expect(page.getByTestId('active-profile')).toBeVisible();
}

/** Flips the system colour scheme, which the app follows live while its theme is "system". */
export async function applyTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** The settings a spec found, to put back when it is done (specs share one library). */
export async function currentLook(page: Page): Promise<{ language: string; theme: string }> {
  const settings = await page.evaluate(() => window.wan.invoke('settings.get', undefined));
  if (!settings.ok) throw new Error(settings.error.message);
  return { language: settings.value.language, theme: settings.value.theme };
}

async function openGallery(page: Page, search = SEED_MARK): Promise<void> {
  await page.getByTestId('nav-gallery').click();
  await page.getByTestId('gallery-search').fill(search);
  await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', search);
  await expect(page.getByTestId('gallery-tile').first()).toBeVisible();
}

async function selectFirstTile(page: Page): Promise<void> {
  await openGallery(page);
  await page
    .getByTestId('gallery-tile')
    .first()
    .click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-bar')).toBeVisible();
}

async function openDialog(page: Page, trigger: () => Promise<void>, testId: string): Promise<void> {
  await trigger();
  await expect(page.getByTestId(testId)).toBeVisible();
}

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings')).toBeVisible();
}

/**
 * A budget below what the month has cost, set as a person would (Settings), then Generate: the
 * confirmation shows. The stored budget is cleared again at once (specs share one library); the
 * open page keeps its copy until it reloads, which is all the dialog needs.
 */
async function openBudgetDialog(page: Page): Promise<void> {
  await openSettings(page);
  await page.getByTestId('budget-amount').fill('0.0001');
  await page.getByTestId('budget-currency').fill('USD');
  await page.getByTestId('budget-currency').press('Enter');
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const got = await window.wan.invoke('settings.get', undefined);
        return got.ok ? got.value.monthlyBudget : undefined;
      }),
    )
    .toEqual({ amount: 0.0001, currency: 'USD' });
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('prompt').fill(`${SEED_MARK} budget check`);
  try {
    await page.getByTestId('generate').click();
    await expect(page.getByTestId('budget-dialog')).toBeVisible();
  } finally {
    await page.evaluate(() => window.wan.invoke('settings.update', { monthlyBudget: null }));
  }
}

const DIALOG_ACTIONS = '.dialog-foot button, .export-foot button';

export const SCREENS: readonly Screen[] = [
  {
    name: 'studio with queue',
    open: async (page) => {
      await page.getByTestId('nav-studio').click();
      await expect(page.locator('[data-testid="queue-item"][data-status="failed"]').first()).toBeVisible();
    },
    actions: '[data-testid="generate"]',
  },
  {
    name: 'gallery',
    open: (page) => openGallery(page),
    actions: '[data-testid="gallery-search"], [data-testid="gallery-import"], [data-testid="gallery-exports"]',
  },
  {
    name: 'gallery selection',
    open: selectFirstTile,
    actions: '[data-testid="selection-bar"] button',
  },
  {
    name: 'gallery trash',
    open: async (page) => {
      await page.getByTestId('nav-gallery').click();
      await page.getByTestId('filter-trash').click();
      await page.getByTestId('gallery-search').fill(SEED_MARK);
      // Until the search applies, the tiles shown are the whole trash's: wait for the search's own.
      await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', SEED_MARK);
      await expect(page.getByTestId('gallery-tile').first()).toBeVisible();
      await expect(page.getByTestId('gallery-empty-trash')).toBeVisible();
    },
    actions: '[data-testid="gallery-empty-trash"]',
  },
  {
    name: 'detail',
    open: async (page) => {
      await openGallery(page, `${SEED_MARK} harbour`);
      await page.getByTestId('gallery-tile').first().click();
      await expect(page.getByTestId('detail-image')).toBeVisible();
    },
    root: '[data-testid="detail"]',
    actions: '[data-testid="detail-rerun"], [data-testid="detail-close"]',
  },
  {
    name: 'detail of a set image',
    open: async (page) => {
      await openGallery(page, `${SEED_MARK} 四季`);
      await page.getByTestId('gallery-tile').first().click();
      await expect(page.getByTestId('detail-image')).toBeVisible();
    },
    root: '[data-testid="detail"]',
    actions: '[data-testid="detail-rerun"], [data-testid="detail-close"]',
  },
  {
    // A good filter, a malformed one and a full-width colon, as a Chinese IME types it.
    name: 'gallery with search chips',
    open: async (page) => {
      const search = `${SEED_MARK} seed：5101 seed:abc`;
      await page.getByTestId('nav-gallery').click();
      await page.getByTestId('gallery-search').fill(search);
      await expect(page.getByTestId('gallery-search-box')).toHaveAttribute('data-applied-search', search);
      await expect(page.getByTestId('search-chip')).toHaveCount(2);
    },
    actions: '[data-testid="search-chip"] button, [data-testid="gallery-search"]',
  },
  {
    name: 'gallery with nothing found',
    open: async (page) => {
      await openGallery(page);
      await page.getByTestId('gallery-search').fill(`${SEED_MARK} 没有这样的图 nothing-like-this`);
      await expect(page.getByTestId('gallery-empty')).toBeVisible();
    },
    actions: '[data-testid="gallery-empty-clear"]',
  },
  { name: 'settings', open: openSettings, actions: '[data-testid="profile-add"]' },
  {
    name: 'prompt library',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await page.getByTestId('nav-studio').click();
          await page.getByTestId('prompt-library-open').click();
          await expect(page.getByTestId('prompt-history-item').first()).toBeVisible();
        },
        'prompt-library',
      ),
    root: '[data-testid="prompt-library"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'prompt library saved',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await page.getByTestId('nav-studio').click();
          await page.getByTestId('prompt-library-open').click();
          await page.getByTestId('prompt-tab-saved').check();
          await expect(page.getByTestId('prompt-saved')).toBeVisible();
        },
        'prompt-library',
      ),
    root: '[data-testid="prompt-library"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'prompt library presets',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await page.getByTestId('nav-studio').click();
          await page.getByTestId('prompt-library-open').click();
          await page.getByTestId('prompt-tab-presets').check();
          await page.getByTestId('preset-new').click();
        },
        'prompt-library',
      ),
    root: '[data-testid="prompt-library"]',
    actions: `${DIALOG_ACTIONS}, [data-testid="preset-name-save"]`,
  },
  {
    name: 'usage',
    open: async (page) => {
      await page.getByTestId('nav-usage').click();
      await expect(page.getByTestId('usage-images-chart')).toBeVisible();
    },
    actions: '[data-testid="usage-range"], [data-testid="usage-period"], [data-testid="usage-export"]',
  },
  {
    name: 'usage from a date',
    open: async (page) => {
      await page.getByTestId('nav-usage').click();
      await page.getByTestId('usage-range').selectOption('custom');
      await expect(page.getByTestId('usage-since')).toBeVisible();
    },
    actions: '[data-testid="usage-range"], [data-testid="usage-since"], [data-testid="usage-export"]',
  },
  {
    name: 'settings prices',
    open: async (page) => {
      await openSettings(page);
      await page.getByTestId('settings-prices').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('price-input').first()).toBeVisible();
    },
    actions: '[data-testid="price-provider"]:first-of-type input',
  },
  {
    name: 'budget confirmation',
    open: openBudgetDialog,
    root: '[data-testid="budget-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'welcome',
    open: (page) =>
      openDialog(page, () => openSettings(page).then(() => page.getByTestId('welcome-reopen').click()), 'welcome'),
    root: '[data-testid="welcome"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'shortcut overview',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await openGallery(page);
          await page.getByTestId('gallery-tile').first().focus();
          await page.keyboard.press('?');
        },
        'shortcuts-dialog',
      ),
    root: '[data-testid="shortcuts-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'profile editor',
    open: (page) =>
      openDialog(page, () => openSettings(page).then(() => page.getByTestId('profile-add').click()), 'profile-editor'),
    root: '[data-testid="profile-editor"]',
    actions: DIALOG_ACTIONS,
  },
  ...(['import', 'backup', 'move'] as const).map((task): Screen => ({
    name: `library ${task}`,
    open: (page) =>
      openDialog(
        page,
        () => openSettings(page).then(() => page.getByTestId(`library-${task}`).click()),
        'library-task-dialog',
      ),
    root: '[data-testid="library-task-dialog"]',
    actions: DIALOG_ACTIONS,
  })),
  {
    name: 'diagnostics',
    open: (page) =>
      openDialog(
        page,
        () => openSettings(page).then(() => page.getByTestId('diagnostics-copy').click()),
        'diagnostics-dialog',
      ),
    root: '[data-testid="diagnostics-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'export',
    open: (page) =>
      openDialog(
        page,
        () => selectFirstTile(page).then(() => page.getByTestId('selection-export').click()),
        'export-dialog',
      ),
    root: '[data-testid="export-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'export list',
    open: (page) =>
      openDialog(
        page,
        () => openGallery(page).then(() => page.getByTestId('gallery-exports').click()),
        'export-dialog',
      ),
    root: '[data-testid="export-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'tag',
    open: (page) =>
      openDialog(page, () => selectFirstTile(page).then(() => page.getByTestId('selection-tag').click()), 'tag-dialog'),
    root: '[data-testid="tag-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    name: 'delete for good',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await page.getByTestId('nav-gallery').click();
          await page.getByTestId('filter-trash').click();
          await page.getByTestId('gallery-empty-trash').click();
        },
        'delete-for-good-dialog',
      ),
    root: '[data-testid="delete-for-good-dialog"]',
    actions: DIALOG_ACTIONS,
  },
  {
    // The A/B row and the lineage: the first time, a thinking-off twin is made and lands.
    name: 'detail with versions',
    open: async (page) => {
      await openGallery(page, `${SEED_MARK} harbour`);
      await page.getByTestId('gallery-tile').first().click();
      await expect(page.getByTestId('twin-actions')).toBeVisible();
      if ((await page.getByTestId('versions').count()) === 0) {
        await page.getByTestId('twin-thinking').click();
        await expect(page.getByTestId('compare-table')).toBeVisible();
        await page.getByTestId('compare-close').click();
      }
      await expect(page.getByTestId('version')).toHaveCount(2);
    },
    root: '[data-testid="detail"]',
    actions: '[data-testid="detail-rerun"], [data-testid="detail-close"], [data-testid="twin-actions"] button',
  },
  {
    // A stacked tile's versions laid out in the grid: the first time, a twin is made to stack.
    name: 'gallery versions',
    open: async (page) => {
      await openGallery(page, `${SEED_MARK} harbour`);
      const badge = page.getByTestId('gallery-versions');
      if ((await badge.count()) === 0) {
        await page.getByTestId('gallery-tile').first().click();
        await page.getByTestId('twin-thinking').click();
        await expect(page.getByTestId('compare-table')).toBeVisible();
        await page.getByTestId('compare-close').click();
        await page.getByTestId('detail-close').click();
      }
      await badge.first().click();
      await expect(page.getByTestId('grid-version').first()).toBeFocused();
      // The pointer leaves the tile: its hover caption is not what is checked here.
      await page.mouse.move(1, 1);
    },
    actions: '[data-testid="grid-versions-close"]',
  },
  ...(['side', 'split'] as const).map((layout): Screen => ({
    name: `compare ${layout}`,
    open: async (page) => {
      await openGallery(page);
      const tiles = page.getByTestId('gallery-tile');
      await tiles.nth(0).click({ modifiers: ['ControlOrMeta'] });
      await tiles.nth(1).click({ modifiers: ['ControlOrMeta'] });
      await page.getByTestId('selection-compare').click();
      await expect(page.getByTestId('compare-table')).toBeVisible();
      if (layout === 'split') await page.getByTestId('compare-layout-split').click();
      await expect(page.getByTestId('compare-image')).toHaveCount(2);
    },
    root: '[data-testid="compare"]',
    actions: '[data-testid="compare-close"], [data-testid="compare-layout-split"], [data-testid="compare-zoom-in"]',
  })),
  {
    name: 'box editor',
    open: (page) =>
      openDialog(
        page,
        async () => {
          await selectFirstTile(page);
          await page.getByTestId('selection-use-reference').click();
          await page.getByTestId('reference-boxes').first().click();
        },
        'box-editor',
      ),
    root: '[data-testid="box-editor"]',
    actions: DIALOG_ACTIONS,
  },
  ...BATCH_SCREENS,
];
