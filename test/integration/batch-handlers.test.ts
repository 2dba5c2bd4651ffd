import { afterEach, describe, expect, it } from 'vitest';
import type { BatchView } from '../../src/shared/batch/batch-types';
import type { EventName, InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import { BatchService } from '../../src/main/services/batch/batch-service';
import { openLibrary } from '../../src/main/services/library/library';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// The `batch.*`, `templates.*`, `prices.*` and `usage.*` methods as the renderer calls them:
// through the invoker (zod on the way in and out) on the app's services, with the simulator profile.

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function boot(home?: string) {
  const dir = home ? { path: home, remove: () => undefined } : tempDir('wan-batch-app-');
  const services = createAppServices({
    home: dir.path,
    host: 'browser',
    version: '0.0.0-test',
    systemLocale: 'en-US',
    secrets: { get: () => undefined, set: () => undefined, delete: () => undefined },
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 30, minIntervalMs: 30, maxIntervalMs: 60 },
  });
  cleanups.push(dir.remove, () => services.close());
  const invoke = createInvoker(services.handlers);
  const events: Array<{ name: EventName; payload: unknown }> = [];
  services.onEvent((name, payload) => events.push({ name, payload }));
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok)
      throw Object.assign(new Error(`${m}: ${result.error.detail ?? result.error.message}`), { value: result.error });
    return result.value as InvokeOutput<M>;
  };
  const batchDone = (batchId: string): Promise<BatchView> =>
    new Promise((resolve) => {
      const off = services.onEvent((name, payload) => {
        const view = payload as BatchView;
        if (name === 'batch.progressed' && view.id === batchId && view.status === 'done' && !view.isRunningNow) {
          off();
          resolve(view);
        }
      });
    });
  return { call, events, batchDone, services, home: dir.path };
}

describe('batch methods', { timeout: 60_000 }, () => {
  it('preview, start, progress events, rows for the grid, and the ledger with a price set', async () => {
    const { call, events, batchDone } = boot();
    const marker = `app-${Date.now()}`;
    await call('templates.save', { name: 'Moods', kind: 'list', body: 'calm\nstormy\n' });
    await call('templates.save', { name: 'sea', kind: 'template', body: `${marker} a {Moods} sea, {dawn|dusk}` });
    expect((await call('templates.list', undefined)).map((t) => t.name)).toEqual(['sea', 'Moods']);

    const input = { template: 'sea', defaults: { model: 'wan2.7-image', size: '1024x1024' } };
    const preview = await call('batch.preview', input);
    expect(preview).toMatchObject({ totalRows: 4, errorCount: 0, capRefusal: null, axes: ['Moods', '{dawn|dusk}'] });
    // The app names its own field, never the CLI's flag, and gives the code for the renderer.
    const capped = await call('batch.preview', { ...input, maxImages: 3 });
    expect(capped.capRefusal).toMatch(/past the cap of 3: raise Max images/);
    expect(capped.capProblem).toEqual({ code: 'cap_images', params: { images: 4, cap: 3 } });
    await expect(call('batch.start', { ...input, maxImages: 3 })).rejects.toThrow(
      /past the cap of 3: raise Max images/,
    );

    const started = await call('batch.start', input);
    const done = await batchDone(started.id);
    expect(done.counts).toMatchObject({ done: 4, images: 4, billedImages: 4 });
    expect(events.filter((e) => e.name === 'batch.progressed').length).toBeGreaterThan(2);
    const rows = await call('batch.rows', { batchId: started.id });
    expect(rows.map((r) => [r.vars.Moods, r.vars['{dawn|dusk}']])).toEqual([
      ['calm', 'dawn'],
      ['calm', 'dusk'],
      ['stormy', 'dawn'],
      ['stormy', 'dusk'],
    ]);
    expect(rows.every((r) => r.generationId)).toBe(true);
    expect((await call('batch.list', { limit: 10 })).map((b) => b.id)).toEqual([started.id]);

    const before = await call('usage.report', { by: 'model' });
    expect(before.total).toMatchObject({ generations: 4, images: 4, billedImages: 4, cost: { USD: 0.12 } });
    const price = await call('prices.set', {
      baseUrl: ctx.sim.baseUrl,
      model: 'wan2.7-image',
      perImage: 0.2,
      currency: 'cny',
    });
    expect(price).toMatchObject({ perImage: 0.2, currency: 'CNY', source: 'custom' });
    expect((await call('usage.report', { by: 'day' })).total.cost).toEqual({ CNY: 0.8 });
    const listed = await call('prices.list', undefined);
    expect(listed).toContainEqual({
      baseUrl: ctx.sim.baseUrl,
      model: 'wan2.7-image',
      perImage: 0.2,
      currency: 'CNY',
      source: 'custom',
    });
    expect(listed).toContainEqual(
      expect.objectContaining({ baseUrl: ctx.sim.baseUrl, model: 'wan2.7-image-pro', source: 'default' }),
    );
    expect(await call('prices.reset', { baseUrl: ctx.sim.baseUrl, model: 'wan2.7-image' })).toMatchObject({
      source: 'default',
      currency: 'USD',
    });
  });

  it('pause stops new rows, resume finishes, and a finished batch cannot be resumed', async () => {
    const { call, batchDone } = boot();
    const marker = `pause-app-${Date.now()}`;
    const started = await call('batch.start', {
      prompt: `${marker} [[sim duration=200]]`,
      seeds: 12,
      defaults: { model: 'wan2.7-image', size: '1024x1024' },
    });
    const paused = await call('batch.pause', { batchId: started.id });
    expect(paused.status).toBe('paused');
    // Wait for the run to wind down: rows in the engine finish, none are added.
    const deadline = Date.now() + 20_000;
    let view = paused;
    while ((view.isRunningNow || view.counts.active > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      view = await call('batch.get', { batchId: started.id });
    }
    expect(view).toMatchObject({ status: 'paused', isRunningNow: false, counts: { active: 0 } });
    expect(view.counts.enqueued).toBeLessThan(12);
    const done = batchDone(started.id);
    expect((await call('batch.resume', { batchId: started.id })).status).toBe('running');
    expect((await done).counts).toMatchObject({ enqueued: 12, done: 12 });
    await expect(call('batch.resume', { batchId: started.id })).rejects.toThrow(/is done: there is nothing to resume/);
  });

  it('at start, carries on a batch a killed process left running, on the profile of its gateway', async () => {
    const dir = tempDir('wan-batch-left-');
    cleanups.push(dir.remove);
    const library = openLibrary(dir.path);
    const marker = `left-${Date.now()}`;
    const left = await new BatchService({ library }).create(
      { prompt: marker, seeds: 3, defaults: { model: 'wan2.7-image', size: '1024x1024' } },
      { name: 'cli', baseUrl: ctx.sim.baseUrl },
    );
    library.close();
    const { services, batchDone } = boot(dir.path);
    const done = batchDone(left.id);
    services.resume();
    expect((await done).counts).toMatchObject({ enqueued: 3, done: 3 });
    expect([...ctx.sim.state.tasks.values()].filter((t) => t.request.prompt === marker)).toHaveLength(3);
  });
});
