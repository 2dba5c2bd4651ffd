import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSenderCheck, isTrustedFrameUrl, isTrustedSender } from '../../../src/main/platform/ipc-sender';

const builtApp = pathToFileURL('/opt/Wan Studio/resources/app.asar/out/renderer/index.html').href;
const devApp = 'http://localhost:5173/';

describe('isTrustedFrameUrl', () => {
  it('trusts the built index.html, also with a hash route', () => {
    expect(isTrustedFrameUrl(builtApp, builtApp)).toBe(true);
    expect(isTrustedFrameUrl(`${builtApp}#/gallery`, builtApp)).toBe(true);
  });

  it.each([
    ['another local file', pathToFileURL('/tmp/evil.html').href],
    ['a file next to the app', builtApp.replace('index.html', 'other.html')],
    ['the same path on another host', builtApp.replace('file:///', 'file://evil-server/')],
    ['a web page', 'https://example.com/'],
    ['the dev server', devApp],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['no URL (a destroyed frame)', ''],
    ['garbage', 'not a url'],
  ])('does not trust %s when the app is built', (_label, url) => {
    expect(isTrustedFrameUrl(url, builtApp)).toBe(false);
  });

  it('trusts the dev server by origin only', () => {
    expect(isTrustedFrameUrl('http://localhost:5173/src/anything?x=1', devApp)).toBe(true);
    expect(isTrustedFrameUrl('http://localhost:5174/', devApp)).toBe(false);
    expect(isTrustedFrameUrl('https://localhost:5173/', devApp)).toBe(false);
    expect(isTrustedFrameUrl('http://127.0.0.1:5173/', devApp)).toBe(false);
    expect(isTrustedFrameUrl(builtApp, devApp)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const good = { frameUrl: builtApp, isMainFrame: true, isAppWindow: true };

  it('needs the app page, in the top frame, of an app window', () => {
    expect(isTrustedSender(good, builtApp)).toBe(true);
    expect(isTrustedSender({ ...good, isMainFrame: false }, builtApp)).toBe(false);
    expect(isTrustedSender({ ...good, isAppWindow: false }, builtApp)).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'https://example.com/' }, builtApp)).toBe(false);
  });
});

describe('createSenderCheck', () => {
  const main = { url: builtApp, processId: 4, routingId: 1 };
  const appWindow = { id: 7, mainFrame: main };
  const check = createSenderCheck(builtApp, () => [7]);

  it('accepts the main frame of the app window', () => {
    expect(check(appWindow, main)).toBe(true);
    expect(check(appWindow, { ...main })).toBe(true);
  });

  it('refuses an iframe, even one showing the app page', () => {
    expect(check(appWindow, { url: builtApp, processId: 4, routingId: 2 })).toBe(false);
    expect(check(appWindow, { url: builtApp, processId: 5, routingId: 1 })).toBe(false);
  });

  it('refuses a frame that is gone, and windows that are not the app', () => {
    expect(check(appWindow, null)).toBe(false);
    expect(check({ id: 8, mainFrame: main }, main)).toBe(false);
    expect(createSenderCheck(builtApp, () => [])(appWindow, main)).toBe(false);
  });

  it('refuses the app window once it shows something else', () => {
    const elsewhere = { ...main, url: 'https://example.com/' };
    expect(check({ id: 7, mainFrame: elsewhere }, elsewhere)).toBe(false);
  });
});
