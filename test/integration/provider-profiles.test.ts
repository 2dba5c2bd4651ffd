import { afterEach, describe, expect, it } from 'vitest';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { SecretStore } from '../../src/main/services/app/app-types';
import { ProviderRegistry } from '../../src/main/services/app/provider-registry';
import { SettingsRepository } from '../../src/main/services/app/settings-repository';
import { openLibrary } from '../../src/main/services/library/library';
import { DashScopeClient } from '../../src/main/services/providers/dashscope-client';
import { GatewayClient } from '../../src/main/services/providers/gateway-client';
import { validateGenerationRequest } from '../../src/shared/generation-request';
import type { InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// Profiles of both kinds: stored with their fields, shown without their key, and each given the
// provider its kind calls for — down to a generation through the simulator's native routes.

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function memorySecrets(): SecretStore {
  const data = new Map<string, string>();
  return { get: (id) => data.get(id), set: (id, v) => void data.set(id, v), delete: (id) => void data.delete(id) };
}

function boot(home: string, secrets: SecretStore) {
  const options = {
    home,
    host: 'browser' as const,
    version: '0.0.0-test',
    systemLocale: 'en-US',
    secrets,
    mediaUrl: (rel: string) => `/media/${rel}`,
    pollTiming: { firstDelayMs: 30, minIntervalMs: 30, maxIntervalMs: 60 },
  };
  const services = createAppServices(options);
  const invoke = createInvoker(services.handlers);
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok) throw new Error(`${m}: ${result.error.message} ${result.error.detail ?? ''}`);
    return result.value as InvokeOutput<M>;
  };
  return { services, call, options };
}

describe('provider profiles of both kinds', () => {
  it('stores kind, region, edit and palette style; a region gives the root; the key stays write-only', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { services, call } = boot(dir.path, memorySecrets());
    cleanups.push(() => services.close());
    const gateway = await call('profiles.save', { name: 'Gateway', baseUrl: ctx.sim.baseUrl, apiKey: ctx.sim.key });
    expect(gateway).toMatchObject({ kind: 'openai', region: null, editStyle: 'json', paletteStyle: 'text' });
    const singapore = await call('profiles.save', {
      name: 'Singapore',
      kind: 'dashscope',
      region: 'singapore',
      apiKey: 'sk-intl-secret-1234',
    });
    expect(singapore).toMatchObject({
      kind: 'dashscope',
      region: 'singapore',
      baseUrl: 'https://dashscope-intl.aliyuncs.com/api/v1',
      keyHint: '••••1234',
    });
    const beijing = await call('profiles.save', { name: 'Beijing', kind: 'dashscope', apiKey: 'sk-cn-5678' });
    expect(beijing).toMatchObject({ region: 'beijing', baseUrl: 'https://dashscope.aliyuncs.com/api/v1' });
    const multipart = await call('profiles.save', {
      id: gateway.id,
      name: 'Gateway',
      editStyle: 'multipart',
      paletteStyle: 'structured',
    });
    expect(multipart).toMatchObject({ baseUrl: ctx.sim.baseUrl, editStyle: 'multipart', paletteStyle: 'structured' });
    const listed = JSON.stringify(await call('profiles.list', undefined));
    expect(listed).not.toContain('sk-intl-secret-1234');
    expect(listed).not.toContain(ctx.sim.key);
  });

  it('the registry builds each kind’s provider; a DashScope profile generates through the native routes', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const secrets = memorySecrets();
    const { services, call, options } = boot(dir.path, secrets);
    cleanups.push(() => services.close());
    const native = await call('profiles.save', {
      name: 'DashScope (simulator)',
      kind: 'dashscope',
      region: null,
      baseUrl: ctx.sim.nativeBaseUrl,
      apiKey: ctx.sim.key,
    });
    const gateway = await call('profiles.save', { name: 'Gateway', baseUrl: ctx.sim.baseUrl, apiKey: ctx.sim.key });
    const tested = await call('profiles.test', { id: native.id });
    expect(tested).toMatchObject({ isOk: true, error: null });
    expect(tested.notes.join(' ')).toMatch(/key was accepted/);

    const library = openLibrary(dir.path);
    const registry = new ProviderRegistry(library, new SettingsRepository(library.db), options, () => undefined);
    cleanups.push(async () => {
      await Promise.all(registry.allEngines().map((e) => e.idle()));
      library.close();
    });
    expect(registry.clientFor(registry.resolve(native.id))).toBeInstanceOf(DashScopeClient);
    expect(registry.clientFor(registry.resolve(gateway.id))).toBeInstanceOf(GatewayClient);

    const checked = validateGenerationRequest({ prompt: `native profile ${Date.now()}`, size: '1024x1024', n: 2 });
    if (!checked.ok) throw new Error('request refused');
    const engine = registry.engineFor(native.id);
    const { generationId } = engine.start(checked.value);
    const done = await engine.wait(generationId);
    expect(done.generation).toMatchObject({ status: 'done', baseUrl: ctx.sim.nativeBaseUrl, billedImages: 2 });
    expect(done.images).toHaveLength(2);
    expect(ctx.sim.state.received.at(-1)!.route).toBe('POST /api/v1/services/aigc/image-generation/generation');
  });
});
