import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support/app';
import {
  LANGUAGES,
  SCREENS,
  THEMES,
  applyLanguage,
  applyTheme,
  clearSeededTrash,
  currentLook,
  seedLibrary,
  type Screen,
} from './support/screens';

// Zero axe violations: axe-core on every main screen and dialog (support/screens.ts), in both
// languages and both themes. No rule is disabled; a rule that must be would be listed here with
// the reason it is a false positive.

const DISABLED_RULES: readonly string[] = [];

let restore: { language: string; theme: string } | null = null;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page, { url: process.env.WAN_E2E_URL! });
  restore = await currentLook(page);
  await seedLibrary(page);
  await page.close();
});

test.afterAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page, { url: process.env.WAN_E2E_URL! });
  if (restore) await page.evaluate((patch) => window.wan.invoke('settings.update', patch as never), restore);
  await clearSeededTrash(page);
  await page.close();
});

async function violationsOf(page: Page, screen: Screen): Promise<string[]> {
  // A modal dialog makes the page behind it inert, so axe looks at the dialog alone; a screen
  // is the whole document (landmarks and the page's one h1 are judged there).
  const builder = new AxeBuilder({ page }).disableRules([...DISABLED_RULES]);
  if (screen.root) builder.include(screen.root);
  const { violations } = await builder.analyze();
  // axe asks for at least one h1; a main screen should have exactly one (visually hidden or not).
  const h1s = screen.root ? 1 : await page.locator('h1').count();
  const headings = h1s === 1 ? [] : [`one-h1: the screen has ${h1s} h1 elements, not one`];
  return headings.concat(
    violations.flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${v.id} (${v.impact}): ${node.target.join(' ')} — ${v.help}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
      ),
    ),
  );
}

for (const screen of SCREENS) {
  test(`no axe violations: ${screen.name}`, async ({ page, context, server }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const failures: string[] = [];
    for (const language of LANGUAGES) {
      await applyLanguage(page, server, language);
      await screen.open(page);
      for (const theme of THEMES) {
        await applyTheme(page, theme);
        for (const line of await violationsOf(page, screen)) failures.push(`${language} ${theme}: ${line}`);
      }
    }
    expect(failures, `${screen.name} has axe violations:\n${failures.join('\n')}`).toEqual([]);
  });
}
