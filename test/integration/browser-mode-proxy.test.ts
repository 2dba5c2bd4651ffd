import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../src/main/browser-mode/server';
import { createInvoker } from '../../src/main/ipc/invoker';
import { WanError } from '../../src/main/services/wan-error';
import { tempDir } from '../helpers/library';
import { startProxy, type ProxyProcess } from '../helpers/proxy-server-process';
import { useSimulator } from '../helpers/simulator';

// Browser mode's gateway requests use the same environment-proxy fetch as the CLI, and its
// profiles take http(s) base URLs only.

const ctx = useSimulator();
const root = tempDir('wan-browser-proxy-');
let proxy: ProxyProcess;
beforeAll(async () => {
  proxy = await startProxy();
});
afterAll(async () => {
  await proxy?.stop();
  root.remove();
});

async function withApp<T>(
  options: Partial<Parameters<typeof startBrowserMode>[0]>,
  use: (app: BrowserMode) => Promise<T>,
): Promise<T> {
  const app = await startBrowserMode({ home: root.path, rendererDir: root.path, log: () => {}, ...options });
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

describe('browser mode behind a proxy', () => {
  it('tests and uses a gateway through HTTP_PROXY', async () => {
    const before = proxy.relayed.length;
    const result = await withApp(
      { env: { HTTP_PROXY: proxy.url }, envProfile: { baseUrl: ctx.sim.baseUrl, apiKey: ctx.sim.key } },
      (app) => Promise.resolve(app.services.handlers['profiles.test']({ id: 'env' })),
    );
    expect(result).toMatchObject({ isOk: true, error: null });
    await proxy.settle();
    expect(proxy.relayed.slice(before)).toEqual([{ kind: 'http', method: 'GET', url: `${ctx.sim.baseUrl}/models` }]);
  });

  it('never sends its own loopback simulator through the proxy', async () => {
    const before = proxy.relayed.length;
    const result = await withApp({ env: { HTTP_PROXY: proxy.url }, simTaskMs: 100 }, (app) =>
      Promise.resolve(app.services.handlers['profiles.test']({ id: 'simulator' })),
    );
    expect(result).toMatchObject({ isOk: true });
    await proxy.settle();
    expect(proxy.relayed.slice(before)).toEqual([]);
  });
});

describe('browser mode base URLs', () => {
  it('refuses a WAN_BASE_URL that is not http(s) before starting anything', async () => {
    const refused = await startBrowserMode({
      home: root.path,
      envProfile: { baseUrl: 'file:///etc/passwd', apiKey: 'sk-test' },
      systemLocale: 'en-US',
      log: () => {},
    }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WanError);
    expect((refused as WanError).toValue()).toMatchObject({
      code: 'invalid_input',
      field: 'baseUrl',
      detail: 'The base URL must start with http:// or https://, not file:.',
    });
  });

  it('refuses to save a profile whose base URL is not http(s), in the app’s language', async () => {
    await withApp({ isSimulatorOffered: false, systemLocale: 'zh-CN' }, async (app) => {
      const invoke = createInvoker(app.services.handlers);
      const saved = await invoke('profiles.save', { name: 'Bad', baseUrl: 'javascript:alert(1)', apiKey: 'sk-x' });
      expect(saved).toMatchObject({
        ok: false,
        error: {
          code: 'invalid_input',
          field: 'baseUrl',
          detail: '接口地址必须以 http:// 或 https:// 开头,不能是 javascript:。',
        },
      });
      expect(await invoke('profiles.list', undefined)).toEqual({ ok: true, value: [] });
      const good = await invoke('profiles.save', { name: 'Good', baseUrl: `${ctx.sim.baseUrl}/` });
      expect(good).toMatchObject({ ok: true, value: { baseUrl: ctx.sim.baseUrl } });
    });
  });
});
