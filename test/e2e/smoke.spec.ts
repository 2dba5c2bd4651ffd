import { expect, keepScreenshot, openApp, test } from './support/app';

// The page loads from browser mode and `window.wan`, filled by the HTTP bridge, reaches the very
// handlers the desktop app uses: invoke over fetch, events over one EventSource.

test('the app loads from the printed link, without page errors or CSP violations', async ({
  page,
  server,
  problems,
}) => {
  await openApp(page, server);
  // The token was traded for an HttpOnly cookie and dropped from the address bar.
  expect(page.url()).toBe(`${server.origin}/`);
  expect(await page.evaluate(() => document.cookie)).not.toContain(server.token);
  await expect(page).toHaveTitle(/Wan Studio/);
  await expect(page.getByRole('heading').first()).toBeVisible();
  await keepScreenshot(page, 'smoke-first-load');
  expect(problems).toEqual([]);
});

test('window.wan answers app.info with host "browser" and the simulator profile', async ({ page, server }) => {
  await openApp(page, server);
  const info = await page.evaluate(() => window.wan.invoke('app.info', undefined));
  expect(info).toMatchObject({ ok: true, value: { name: 'Wan Studio', host: 'browser', libraryPath: server.home } });
  const profiles = await page.evaluate(() => window.wan.invoke('profiles.list', undefined));
  expect(profiles.ok && profiles.value.some((p) => p.isSimulator && p.hasKey)).toBe(true);
});

test('window.wan.on delivers generation events pushed over server-sent events', async ({ page, server }) => {
  await openApp(page, server);
  const outcome = await page.evaluate(async () => {
    const finished = new Promise<{ generationId: string; imageIds: string[] }>((resolve) => {
      const off = window.wan.on('generation.finished', (payload) => {
        off();
        resolve(payload);
      });
    });
    const started = await window.wan.invoke('generation.start', {
      request: { prompt: 'smoke test 灯塔', model: 'wan2.7-image', size: '1024x1024', seed: 11 },
      profileId: 'simulator',
    });
    if (!started.ok) return { started };
    return { started, finished: await finished };
  });
  expect(outcome.started.ok).toBe(true);
  if (!outcome.started.ok) return;
  // The event carries the changed record too, so the page need not fetch it again.
  expect(outcome.finished).toMatchObject({
    generationId: outcome.started.value.generationId,
    imageIds: [expect.any(String)],
    view: { generation: { id: outcome.started.value.generationId, status: 'done' } },
  });

  // The image reaches the page through /media, under the strict CSP.
  const view = await page.evaluate(
    (generationId) => window.wan.invoke('generation.get', { generationId }),
    outcome.started.value.generationId,
  );
  expect(view.ok).toBe(true);
  if (!view.ok) return;
  const image = view.value.images[0]!;
  const size = await page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, image.url);
  expect(size).toEqual({ width: image.width, height: image.height });
});

test('the bridge answers with error values, never a throw', async ({ page, server }) => {
  await openApp(page, server);
  const invalid = await page.evaluate(() => window.wan.invoke('settings.update', { concurrency: 99 } as never));
  expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

  const unknown = await page.evaluate(() => window.wan.invoke('system.exec' as never, undefined as never));
  expect(unknown).toMatchObject({ ok: false, error: { code: 'internal' } });
  const unknownEvent = await page.evaluate(() => {
    try {
      window.wan.on('system.hacked' as never, () => {});
      return 'subscribed';
    } catch (err) {
      return (err as Error).name;
    }
  });
  expect(unknownEvent).toBe('TypeError');

  await page.route('**/api/invoke', (route) => route.abort('connectionrefused'));
  const offline = await page.evaluate(() => window.wan.invoke('app.info', undefined));
  expect(offline).toMatchObject({ ok: false, error: { code: 'network', isRetryable: true } });
});

test('a page opened without the token cannot reach the API', async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${server.origin}/`);
  expect(response?.status()).toBe(401);
  const api = await page.request.post(`${server.origin}/api/invoke`, {
    data: { method: 'app.info' },
    headers: { 'content-type': 'application/json' },
  });
  expect(api.status()).toBe(401);
  await context.close();
});
