import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, keepScreenshot, openApp, test } from './support/app';
import { launchBrowserMode } from './support/browser-mode-process';

// Browser mode restarted on the same library: settings chosen in the UI and a saved key are still
// there, and the previous run's cookie no longer opens anything (each run has its own token).

test('settings and saved keys survive a restart; the old session does not', async ({ page }) => {
  const rendererDir = process.env.WAN_E2E_RENDERER_DIR;
  if (!rendererDir) throw new Error('WAN_E2E_RENDERER_DIR is not set: run the specs with `npx playwright test`.');
  const home = mkdtempSync(path.join(tmpdir(), 'wan-e2e-restart-'));
  let server = await launchBrowserMode({ home, rendererDir });
  try {
    await openApp(page, server);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').selectOption('zh-CN');
    await expect(page.getByTestId('nav-settings')).toHaveText('设置');
    await page.getByTestId('settings-theme').selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('settings-concurrency').selectOption('3');
    await expect
      .poll(() => page.evaluate(() => window.wan.invoke('settings.get', undefined)))
      .toMatchObject({ ok: true, value: { language: 'zh-CN', theme: 'dark', concurrency: 3 } });
    const profile = await page.evaluate(() =>
      window.wan.invoke('profiles.save', {
        name: '我的网关',
        baseUrl: 'https://gateway.example/v1',
        apiKey: 'sk-restart-9f3a',
      }),
    );
    expect(profile.ok).toBe(true);

    const before = server;
    await before.stop();
    // The same port, so the browser still holds a cookie by the name this server reads.
    server = await launchBrowserMode({ home, rendererDir, port: Number(new URL(before.origin).port) });
    expect(server.origin).toBe(before.origin);
    expect(server.token).not.toBe(before.token);
    const stale = await page.goto(`${server.origin}/`);
    expect(stale?.status()).toBe(401);

    await openApp(page, server);
    await expect(page.getByTestId('nav-studio')).toHaveText('创作');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('settings-language')).toHaveValue('zh-CN');
    await expect(page.getByTestId('settings-theme')).toHaveValue('dark');
    await expect(page.getByTestId('settings-concurrency')).toHaveValue('3');
    await expect(page.getByTestId('profile-card').filter({ hasText: '我的网关' })).toBeVisible();
    await expect(
      page.getByTestId('profile-card').filter({ hasText: '我的网关' }).getByTestId('profile-key-hint'),
    ).toContainText('9f3a');
    await keepScreenshot(page, 'settings-after-restart-zh-dark');
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
});
