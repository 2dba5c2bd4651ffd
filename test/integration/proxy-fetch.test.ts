import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorFromTransport } from '../../src/main/services/providers/gateway-errors';
import {
  PROXY_REFUSED_CODE,
  envProxyFetch,
  isProxied,
  proxySettingsFrom,
} from '../../src/main/services/providers/proxy-fetch';
import { WanError } from '../../src/main/services/wan-error';
import { startProxy, type ProxyProcess } from '../helpers/proxy-server-process';
import { clientFor, request, useSimulator } from '../helpers/simulator';

// The CLI's and browser mode's fetch against a real forward proxy process and the simulator.

const ctx = useSimulator();
let proxy: ProxyProcess;
beforeAll(async () => {
  proxy = await startProxy();
});
afterAll(() => proxy?.stop());

/** Where the fetch failed, as the gateway client would classify it. */
async function failureOf(fetch: typeof globalThis.fetch, url: string) {
  const err = await fetch(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeDefined();
  return errorFromTransport(err, undefined);
}

describe('proxy settings from the environment', () => {
  it('reads lowercase before uppercase, as curl and undici do; https falls back to HTTP_PROXY', () => {
    expect(proxySettingsFrom({})).toBeUndefined();
    expect(proxySettingsFrom({ HTTPS_PROXY: '  ' })).toBeUndefined();
    expect(
      proxySettingsFrom({ http_proxy: 'http://low:1', HTTP_PROXY: 'http://up:1', NO_PROXY: 'a.test' }),
    ).toMatchObject({
      httpProxy: 'http://low:1',
      httpsProxy: 'http://low:1',
      noProxy: 'a.test',
      sources: { http: 'http_proxy', https: 'http_proxy' },
    });
    expect(proxySettingsFrom({ HTTPS_PROXY: 'http://s:1' })).toMatchObject({
      httpProxy: undefined,
      httpsProxy: 'http://s:1',
      sources: { https: 'HTTPS_PROXY' },
    });
  });

  it.each([
    ['', 'https://gw.test/v1', true],
    ['*', 'https://gw.test/v1', false],
    ['gw.test', 'https://gw.test/v1', false],
    ['.test', 'https://gw.test/v1', false],
    ['*.test', 'https://api.gw.test/v1', false],
    ['other.test, gw.test:443', 'https://gw.test/v1', false],
    ['gw.test:8443', 'https://gw.test/v1', true],
    ['w.test', 'https://gw.test/v1', true],
    ['', 'http://gw.test/v1', false],
  ])('NO_PROXY=%j: %s goes through the proxy: %s', (noProxy, url, expected) => {
    const settings = proxySettingsFrom({ HTTPS_PROXY: 'http://proxy.test:3128', NO_PROXY: noProxy })!;
    expect(isProxied(new URL(url), settings)).toBe(expected);
  });
});

describe('the environment-proxy fetch', () => {
  it('sends create, poll and the streamed download through HTTP_PROXY', async () => {
    const before = proxy.relayed.length;
    const client = clientFor(ctx.sim, { fetch: envProxyFetch({ HTTP_PROXY: proxy.url }) });
    const created = await client.create(request());
    if (created.kind !== 'task') throw new Error('expected an async task');
    let reading = await client.getTask(created.taskId);
    while (reading.state === 'running') reading = await client.getTask(created.taskId);
    if (reading.state !== 'done') throw new Error(`task ended ${reading.state}`);
    const { bytes } = await client.download(reading.images[0]!.url!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');

    await proxy.settle();
    const seen = proxy.relayed.slice(before);
    const origin = new URL(ctx.sim.baseUrl).origin;
    expect(seen[0]).toEqual({ kind: 'http', method: 'POST', url: `${ctx.sim.baseUrl}/images/generations` });
    expect(seen).toContainEqual({ kind: 'http', method: 'GET', url: `${ctx.sim.baseUrl}/tasks/${created.taskId}` });
    expect(seen.at(-1)).toEqual({ kind: 'http', method: 'GET', url: reading.images[0]!.url });
    expect(seen.every((r) => r.kind === 'http' && r.url.startsWith(origin))).toBe(true);
  });

  it.each(['127.0.0.1', '*', 'SIM_PORT', 'localhost', '127.0.0.1:1'])(
    'agrees with undici on NO_PROXY=%s',
    async (entry) => {
      const port = new URL(ctx.sim.baseUrl).port;
      const env = { HTTP_PROXY: proxy.url, NO_PROXY: entry === 'SIM_PORT' ? `127.0.0.1:${port}` : entry };
      const before = proxy.relayed.length;
      const response = await envProxyFetch(env)(`${ctx.sim.baseUrl}/models`, {
        headers: { authorization: `Bearer ${ctx.sim.key}` },
      });
      expect(response.status).toBe(200);
      await proxy.settle();
      const wasProxied = proxy.relayed.length > before;
      expect(wasProxied).toBe(isProxied(new URL(ctx.sim.baseUrl), proxySettingsFrom(env)!));
      expect(wasProxied).toBe(entry === 'localhost' || entry === '127.0.0.1:1');
    },
  );

  it('is plain global fetch when no proxy variable is set', () => {
    expect(envProxyFetch({}).name).toBe('bound fetch');
  });

  it('says it could not reach the proxy, without its password, and the request surely never left', async () => {
    const down = await startProxy();
    await down.stop();
    const failure = await failureOf(
      envProxyFetch({ http_proxy: `http://user:s3cret@127.0.0.1:${down.port}` }),
      `${ctx.sim.baseUrl}/models`,
    );
    expect(failure.error.code).toBe('network');
    expect(failure.isSurelyUnsent).toBe(true);
    expect(failure.error.detail).toContain(`Could not reach the proxy http://127.0.0.1:${down.port} set in http_proxy`);
    expect(failure.error.detail).toContain('ECONNREFUSED');
    expect(failure.error.detail).not.toContain('s3cret');
  });

  it('says the proxy refused the tunnel (CONNECT 403), and the create was surely never sent', async () => {
    const refusing = await startProxy({ refuseConnect: 403 });
    try {
      const fetch = envProxyFetch({ HTTPS_PROXY: refusing.url });
      const failure = await failureOf(fetch, 'https://gateway.test/v1/models');
      expect(failure.isSurelyUnsent).toBe(true);
      expect(failure.error.detail).toContain(
        `The proxy ${refusing.url} set in HTTPS_PROXY refused to connect to gateway.test (HTTP 403)`,
      );
      expect(failure.error.detail).toContain(PROXY_REFUSED_CODE);
      expect(await refusing.until((r) => r.kind === 'connect')).toEqual({
        kind: 'connect',
        target: 'gateway.test:443',
      });

      // A create is retried (it never reached the gateway), then fails as a network error.
      const client = clientFor(ctx.sim, { baseUrl: 'https://gateway.test/v1', fetch });
      const tunnels = refusing.relayed.length;
      const err = await client.create(request()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WanError);
      expect((err as WanError).code).toBe('network');
      expect((err as WanError).detail).toMatch(/refused to connect to gateway\.test/);
      // The test client tries four times; each try was one refused tunnel.
      await refusing.until(() => refusing.relayed.length - tunnels >= 4);
      expect(refusing.relayed.slice(tunnels).every((r) => r.kind === 'connect')).toBe(true);
    } finally {
      await refusing.stop();
    }
  });

  it('is canceled, not a network error, when the caller aborts', async () => {
    const controller = new AbortController();
    const client = clientFor(ctx.sim, { fetch: envProxyFetch({ HTTP_PROXY: proxy.url }) });
    const before = proxy.relayed.length;
    // A sync create the simulator holds for a while: aborted once the proxy has relayed it.
    const pending = client.create(request({ mode: 'sync', prompt: `慢 [[sim duration=5000]] ${Date.now()}` }), {
      signal: controller.signal,
    });
    await proxy.until((r) => proxy.relayed.indexOf(r) >= before && r.kind === 'http' && r.method === 'POST');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'canceled' });
  });
});
