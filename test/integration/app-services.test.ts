import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { AppServices, SecretStore } from '../../src/main/services/app/app-types';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 150 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function memorySecrets(): SecretStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get: (id) => data.get(id),
    set: (id, v) => void data.set(id, v),
    delete: (id) => void data.delete(id),
  };
}

function boot(
  home: string,
  secrets = memorySecrets(),
): {
  services: AppServices;
  call: <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => Promise<InvokeOutput<M>>;
  events: Array<{ name: EventName; payload: unknown }>;
} {
  const services = createAppServices({
    home,
    host: 'browser',
    version: '0.0.0-test',
    systemLocale: 'zh-CN',
    secrets,
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 30, minIntervalMs: 30, maxIntervalMs: 60 },
  });
  const invoke = createInvoker(services.handlers);
  const events: Array<{ name: EventName; payload: unknown }> = [];
  services.onEvent((name, payload) => events.push({ name, payload }));
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok)
      throw Object.assign(new Error(`${m}: ${result.error.message} ${result.error.detail ?? ''}`), {
        value: result.error,
      });
    return result.value as InvokeOutput<M>;
  };
  return { services, call, events };
}

const request = (prompt: string, extra: Record<string, unknown> = {}) => ({
  request: { model: 'wan2.7-image' as const, prompt, size: '1024x1024', ...extra },
});

async function waitFor(
  events: Array<{ name: EventName; payload: unknown }>,
  name: EventName,
  generationId: string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (
    !events.some((e) => e.name === name && (e.payload as { generationId?: string }).generationId === generationId)
  ) {
    if (Date.now() > deadline) throw new Error(`no ${name} for ${generationId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('app services through the invoker', () => {
  it('answers app.info and keeps settings across a restart', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const first = boot(dir.path);
    expect(await first.call('app.info', undefined)).toMatchObject({
      name: 'Wan Studio',
      systemLocale: 'zh-CN',
      host: 'browser',
      libraryPath: dir.path,
    });
    expect(await first.call('settings.get', undefined)).toMatchObject({
      language: 'system',
      theme: 'system',
      concurrency: 5,
    });
    await first.call('settings.update', {
      theme: 'dark',
      language: 'en',
      defaultModel: 'wan2.7-image',
      concurrency: 3,
    });
    await first.services.close();
    const second = boot(dir.path);
    cleanups.push(() => second.services.close());
    expect(await second.call('settings.get', undefined)).toMatchObject({
      theme: 'dark',
      language: 'en',
      defaultModel: 'wan2.7-image',
      concurrency: 3,
    });
  });

  it('refuses bad input and unknown methods with error values, never a throw', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { services } = boot(dir.path);
    cleanups.push(() => services.close());
    const invoke = createInvoker(services.handlers);
    expect(await invoke('settings.update', { concurrency: 9 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'concurrency' },
    });
    expect(await invoke('generation.start', request('x', { size: '4096x4096' }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await invoke('shell.exec', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await invoke('generation.get', { generationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_in_library' },
    });
  });

  it('keeps API keys in the secret store: the renderer only ever sees a hint', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const secrets = memorySecrets();
    const { call, services } = boot(dir.path, secrets);
    cleanups.push(() => services.close());
    const saved = await call('profiles.save', {
      name: 'Sim again',
      baseUrl: `${ctx.sim.baseUrl}/`,
      apiKey: ctx.sim.key,
    });
    expect(saved).toMatchObject({
      name: 'Sim again',
      baseUrl: ctx.sim.baseUrl,
      hasKey: true,
      keyHint: `••••${ctx.sim.key.slice(-4)}`,
    });
    const everything = JSON.stringify([saved, await call('profiles.list', undefined)]);
    expect(everything).not.toContain(ctx.sim.key);
    expect(secrets.data.get(saved.id)).toBe(ctx.sim.key);
    expect(await call('profiles.test', { id: saved.id })).toMatchObject({
      isOk: true,
      models: ['wan2.7-image-pro', 'wan2.7-image'],
      error: null,
    });
    await call('profiles.save', { id: saved.id, name: 'Sim again', baseUrl: ctx.sim.baseUrl, apiKey: 'sk-wrong-0000' });
    expect(await call('profiles.test', { id: saved.id })).toMatchObject({ isOk: false, error: { code: 'auth' } });
    await call('profiles.delete', { id: saved.id });
    expect(secrets.data.has(saved.id)).toBe(false);
  });

  it('generates through the simulator profile and serves the gallery: pages, search, filters, favourites, trash', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { call, services, events } = boot(dir.path);
    cleanups.push(() => services.close());
    const a = await call('generation.start', request('江南水乡的清晨,薄雾 [[sim duration=50]]', { n: 2, seed: 11 }));
    const b = await call(
      'generation.start',
      request('赛博朋克城市的夜晚', { size: '1696x960', model: 'wan2.7-image-pro' }),
    );
    await waitFor(events, 'generation.finished', a.generationId);
    await waitFor(events, 'generation.finished', b.generationId);

    const view = await call('generation.get', a);
    expect(view.generation).toMatchObject({ status: 'done', seed: 11, providerProfile: 'simulator' });
    expect(view.images[0]).toMatchObject({
      setSize: 2,
      url: expect.stringMatching(/^\/media\/images\/\d{4}\/\d{2}\/.+\.png$/),
      filePath: expect.stringContaining(dir.path),
    });

    expect(await call('library.count', { query: {} })).toEqual({ total: 3 });
    const first = await call('library.images', { query: {}, limit: 2 });
    const second = await call('library.images', { query: {}, limit: 2, cursor: first.nextCursor! });
    expect(first.items).toHaveLength(2);
    expect(second).toMatchObject({ nextCursor: null });
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(3);
    expect(
      (await call('library.images', { query: { search: '水乡' }, limit: 10 })).items.map((i) => i.generationId),
    ).toEqual([a.generationId, a.generationId]);
    expect(
      (await call('library.images', { query: { search: '朋克城市' }, limit: 10 })).items.map((i) => i.generationId),
    ).toEqual([b.generationId]);
    expect(await call('library.count', { query: { ratio: '16:9' } })).toEqual({ total: 1 });
    expect(await call('library.count', { query: { model: 'wan2.7-image' } })).toEqual({ total: 2 });
    expect(await call('library.prompts', { limit: 5 })).toEqual([
      '赛博朋克城市的夜晚',
      '江南水乡的清晨,薄雾 [[sim duration=50]]',
    ]);

    const imageId = view.images[0]!.id;
    expect(await call('image.setFavorite', { imageIds: [imageId], isFavorite: true })).toEqual({ changed: 1 });
    expect(await call('library.count', { query: { isFavorite: true } })).toEqual({ total: 1 });
    expect(await call('image.trash', { imageIds: [imageId] })).toEqual({ changed: 1 });
    expect(await call('library.count', { query: {} })).toEqual({ total: 2 });
    expect((await call('library.images', { query: { isTrash: true }, limit: 5 })).items.map((i) => i.id)).toEqual([
      imageId,
    ]);
    expect(await call('image.restore', { imageIds: [imageId] })).toEqual({ changed: 1 });
    expect(await call('library.count', { query: {} })).toEqual({ total: 3 });
    expect(events.filter((e) => e.name === 'library.changed')).toHaveLength(3);
    expect(await call('image.showInFolder', { imageId })).toEqual({ isShown: false });

    const rerun = await call('generation.rerun', { generationId: a.generationId, isNewSeed: false });
    await waitFor(events, 'generation.finished', rerun.generationId);
    expect((await call('generation.get', rerun)).generation).toMatchObject({ seed: 11, n: 2, rerunOf: a.generationId });
    const recent = await call('generation.recent', { limit: 2 });
    expect(recent.map((r) => r.generation.id)).toEqual([rerun.generationId, b.generationId]);
  });

  it('stops running jobs on close without recording an outcome, and resumes them on the next start', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const first = boot(dir.path);
    const { generationId } = await first.call('generation.start', request('关机前还在生成 [[sim duration=800]]'));
    await waitFor(first.events, 'generation.submitted', generationId);
    await first.services.close();
    const second = boot(dir.path);
    cleanups.push(() => second.services.close());
    expect((await second.call('generation.get', { generationId })).generation.status).toBe('polling');
    const creates = ctx.sim.state.stats.creates;
    second.services.resume();
    await waitFor(second.events, 'generation.finished', generationId);
    expect((await second.call('generation.get', { generationId })).generation.status).toBe('done');
    expect(ctx.sim.state.stats.creates).toBe(creates);
  });
});
