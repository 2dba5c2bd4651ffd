import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { startProxy, type ProxyProcess } from '../helpers/proxy-server-process';
import { useSimulator } from '../helpers/simulator';

// The real CLI process, a real forward proxy process and the simulator: what a person behind a
// proxy runs. The simulator is on 127.0.0.1, which no proxy variable skips unless NO_PROXY says so.

const ctx = useSimulator({ taskDurationMs: 200 });
const home = tempDir('wan-cli-proxy-');
let proxy: ProxyProcess;
let env: Record<string, string>;
beforeAll(async () => {
  proxy = await startProxy();
  env = { WAN_STUDIO_HOME: home.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
});
afterAll(async () => {
  await proxy?.stop();
  home.remove();
});

type Entry = { generation: { id: string; status: string; error: { code: string } | null }; images: unknown[] };

describe('wan-studio behind a proxy', { timeout: 60_000 }, () => {
  it('sends the create, the polls and the download through HTTP_PROXY', async () => {
    const before = proxy.relayed.length;
    const r = await runCli(['generate', '代理后面的灯塔', '--seed', '7', '--json'], { ...env, HTTP_PROXY: proxy.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation.status).toBe('done');
    expect(out.images).toHaveLength(1);

    await proxy.settle();
    const seen = proxy.relayed.slice(before);
    const calls = seen.map((s) => (s.kind === 'http' ? `${s.method} ${new URL(s.url).pathname}` : s.target));
    expect(calls[0]).toBe('POST /v1/images/generations');
    expect(calls.filter((c) => c.startsWith('GET /v1/tasks/')).length).toBeGreaterThanOrEqual(1);
    expect(calls.at(-1)).toMatch(/^GET \/files\//);
  });

  it('goes straight to the gateway when NO_PROXY covers its host', async () => {
    const before = proxy.relayed.length;
    const r = await runCli(['generate', '不经过代理', '--json'], {
      ...env,
      HTTP_PROXY: proxy.url,
      NO_PROXY: 'example.test,127.0.0.1',
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Entry).generation.status).toBe('done');
    await proxy.settle();
    expect(proxy.relayed.slice(before)).toEqual([]);
  });

  it('says it could not reach the proxy when it is down, exits 1, sends nothing and keeps the record', async () => {
    const down = await startProxy();
    await down.stop();
    const creates = ctx.sim.state.stats.creates;
    const r = await runCli(['generate', '代理关掉了', '--json'], { ...env, HTTP_PROXY: down.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Could not reach the proxy ${down.url} set in HTTP_PROXY`);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation).toMatchObject({ status: 'failed', error: { code: 'network' } });
    expect(ctx.sim.state.stats.creates).toBe(creates);

    // Nothing lost: the request is in the library, and reruns once the proxy is back.
    const shown = await runCli(['show', out.generation.id, '--json'], env);
    expect((JSON.parse(shown.stdout) as Entry).generation.status).toBe('failed');
    const rerun = await runCli(['rerun', out.generation.id, '--json'], { ...env, HTTP_PROXY: proxy.url });
    expect(rerun.code).toBe(0);
    expect((JSON.parse(rerun.stdout) as Entry).generation.status).toBe('done');
  });
});

describe('wan-studio --base-url', { timeout: 60_000 }, () => {
  it.each(['file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses %s before anything is sent, in the person’s language',
    async (baseUrl) => {
      const creates = ctx.sim.state.stats.creates;
      const scheme = baseUrl.split(':')[0];
      const en = await runCli(['generate', '花', '--base-url', baseUrl, '--json'], env);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain(`The base URL must start with http:// or https://, not ${scheme}:.`);
      expect(JSON.parse(en.stdout)).toMatchObject({ error: { code: 'invalid_input', field: 'baseUrl' } });

      const zh = await runCli(['generate', '花', '--json'], { ...env, WAN_BASE_URL: baseUrl, LANG: 'zh_CN.UTF-8' });
      expect(zh.code).toBe(2);
      expect(zh.stderr).toContain(`接口地址必须以 http:// 或 https:// 开头,不能是 ${scheme}:。`);
      expect(ctx.sim.state.stats.creates).toBe(creates);
    },
  );
});
