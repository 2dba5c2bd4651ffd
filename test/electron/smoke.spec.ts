import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderPng } from '../../src/main/services/simulator/png-render';

// Opens the built app (out/, from `npm run test:electron`) with a throw-away library and checks
// what only a real Electron can show: the window, the sandboxed bridge, IPC, the media protocol.

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));

// Like scripts/start.mjs: not `require('electron')`, which may start a download.
function electronBinary(): string | undefined {
  if (process.env.ELECTRON_EXEC_PATH) return process.env.ELECTRON_EXEC_PATH;
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

// Run only where Electron is installed (`npm run test:electron`); it fails plainly elsewhere.
const executablePath = electronBinary();
if (executablePath === undefined)
  throw new Error('The Electron binary is not installed on this machine: this smoke test needs it.');

let userData: string;
let app: ElectronApplication;
let page: Page;
const png = renderPng({ prompt: 'smoke', seed: 7, width: 32, height: 32, index: 0, total: 1 });

test.beforeAll(async () => {
  userData = mkdtempSync(path.join(tmpdir(), 'wan-electron-smoke-'));
  mkdirSync(path.join(userData, 'images', '2025', '01'), { recursive: true });
  writeFileSync(path.join(userData, 'images', '2025', '01', 'smoke.png'), png);
  // Without ELECTRON_RENDERER_URL the app loads out/renderer from disk, as a packaged app does.
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => {
      return entry[0] !== 'ELECTRON_RENDERER_URL' && entry[1] !== undefined;
    }),
  );
  app = await electron.launch({ executablePath, args: [root, `--user-data-dir=${userData}`], env });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  rmSync(userData, { recursive: true, force: true });
});

test('opens the Wan Studio window from the built files', async () => {
  await expect(page).toHaveTitle('Wan Studio');
  expect(page.url()).toMatch(/^file:.*\/out\/renderer\/index\.html/);
});

test('gives the page window.wan and nothing of Node', async () => {
  const globals = await page.evaluate(() => ({
    wan: Object.keys((window as unknown as { wan: object }).wan).sort(),
    hasRequire: 'require' in window,
    hasProcess: 'process' in window,
  }));
  expect(globals).toEqual({ wan: ['invoke', 'on'], hasRequire: false, hasProcess: false });
});

test('answers over IPC with the library in userData', async () => {
  const info = await page.evaluate(() =>
    (window as unknown as { wan: { invoke: (m: string, i?: unknown) => Promise<unknown> } }).wan.invoke('app.info'),
  );
  expect(info).toMatchObject({ ok: true, value: { name: 'Wan Studio', host: 'electron', libraryPath: userData } });
});

test('serves library images over wan-media: and nothing else', async () => {
  const fetchStatus = (url: string) =>
    page.evaluate(async (u) => {
      try {
        const res = await fetch(u);
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          bytes: (await res.arrayBuffer()).byteLength,
        };
      } catch (err) {
        return { error: String(err) };
      }
    }, url);
  expect(await fetchStatus('wan-media://library/images/2025/01/smoke.png')).toEqual({
    status: 200,
    type: 'image/png',
    bytes: png.byteLength,
  });
  expect(await fetchStatus('wan-media://library/secrets.json')).toMatchObject({ status: 404 });
  expect(await fetchStatus('wan-media://library/images/%2e%2e/library.db')).toMatchObject({ status: 404 });
});

test('refuses new windows', async () => {
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});
