import path from 'node:path';
import { expect, keepScreenshot, openApp, test } from './support/app';

// Settings → Logs and diagnostics in browser mode: the report is shown in full and copied, and
// the key of a saved profile is nowhere in it; the logs folder is named with a copy button.

const KEY = 'e2e-diagnostics-key-7Hq2Lm9Zp4';

test('Copy diagnostics shows and copies a report without the key', async ({ page, context, server, problems }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await openApp(page, server);
  const saved = await page.evaluate(
    (apiKey) =>
      window.wan.invoke('profiles.save', { name: 'E2E gateway', baseUrl: 'https://gw.example.com/v1', apiKey }),
    KEY,
  );
  expect(saved.ok).toBe(true);
  if (!saved.ok) return;
  try {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('diagnostics-copy').click();

    const dialog = page.getByTestId('diagnostics-dialog');
    await expect(dialog).toBeVisible();
    const report = page.getByTestId('diagnostics-text');
    await expect(report).toHaveValue(/Wan Studio diagnostics/);
    const text = await report.inputValue();
    expect(text).toContain('(browser mode)');
    expect(text).toContain(`Library: ${server.home}`);
    expect(text).toContain('"E2E gateway" https://gw.example.com/v1 hasKey=true');
    // The log's last lines, as written (earlier specs' jobs may have pushed the start line out).
    expect(text).toMatch(/Last \d+ log lines \(prompts removed\):\n\[\d{4}-\d\d-\d\d [\d:.+]+\] \[(info|warn|error)\]/);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('••••');
    // What was copied is what is shown.
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    await keepScreenshot(page, 'settings-diagnostics');

    // Ticking "include prompts" shows the report as it would be copied with them.
    await page.getByTestId('diagnostics-close').click();
    await expect(dialog).toBeHidden();
    await page.getByTestId('diagnostics-include-prompts').click();
    await page.getByTestId('diagnostics-copy').click();
    await expect(report).toHaveValue(/Last \d+ log lines:\n/);
    expect(await report.inputValue()).not.toContain(KEY);
    await page.getByTestId('diagnostics-close').click();

    // Browser mode cannot open a folder: it names the logs folder instead.
    await page.getByTestId('logs-open-folder').click();
    await expect(page.getByTestId('logs-folder-text')).toHaveText(path.join(server.home, 'logs'));
    expect(problems).toEqual([]);
  } finally {
    await page.evaluate((id) => window.wan.invoke('profiles.delete', { id }), saved.value.id);
  }
});
