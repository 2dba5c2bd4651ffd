import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { AppServices } from '../../src/main/services/app/app-types';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// A/B twins and versions (issue 12) through the real handlers, a real SQLite library in a temp
// folder and the simulator over loopback: a twin is a rerun with one change that links to its
// original, the lineage lists the family, and stacked gallery pages keep versions under it.

const ctx = useSimulator({ taskDurationMs: 60 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Invoke = ReturnType<typeof createInvoker>;

function boot(home: string): {
  services: AppServices;
  invoke: Invoke;
  call: Call;
  landed: (id: string) => Promise<void>;
} {
  const services = createAppServices({
    home,
    host: 'browser',
    version: '0.0.0-test',
    systemLocale: 'en',
    secrets: { get: () => undefined, set: () => undefined, delete: () => undefined },
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 20, minIntervalMs: 20, maxIntervalMs: 40 },
  });
  const invoke = createInvoker(services.handlers);
  // Every job's end, kept from the start, so a job that ends before anyone waits is not missed.
  const ends = new Map<string, { name: EventName; payload: unknown }>();
  const waiters = new Map<string, () => void>();
  services.onEvent((name, payload) => {
    if (name !== 'generation.finished' && name !== 'generation.failed') return;
    const { generationId } = payload as EventPayload<'generation.finished'>;
    ends.set(generationId, { name, payload });
    waiters.get(generationId)?.();
  });
  const landed = async (id: string): Promise<void> => {
    if (!ends.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
    const end = ends.get(id)!;
    if (end.name !== 'generation.finished') throw new Error(`${id} failed: ${JSON.stringify(end.payload)}`);
  };
  const call: Call = async (m, i) => {
    const result = await invoke(m, i);
    if (!result.ok) throw new Error(`${m}: ${result.error.message} ${result.error.detail ?? ''}`);
    return result.value as never;
  };
  return { services, invoke, call, landed };
}

type Call = <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => Promise<InvokeOutput<M>>;

describe('A/B twins and versions', () => {
  it('makes twins linked to their original, lists the lineage, and stacks versions in gallery pages', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { services, invoke, call, landed } = boot(dir.path);
    cleanups.push(() => services.close());

    const original = await call('generation.start', {
      request: {
        model: 'wan2.7-image-pro',
        prompt: 'twin test lighthouse',
        size: '1024x1024',
        seed: 77,
        thinkingMode: true,
      },
    });
    const other = await call('generation.start', {
      request: { model: 'wan2.7-image', prompt: 'unrelated harbour', size: '1024x1024', seed: 5 },
    });
    await Promise.all([landed(original.generationId), landed(other.generationId)]);

    const thinkingOff = await call('generation.rerun', {
      generationId: original.generationId,
      isNewSeed: false,
      change: { thinkingMode: false },
    });
    const onStandard = await call('generation.rerun', {
      generationId: original.generationId,
      isNewSeed: false,
      change: { model: 'wan2.7-image' },
    });
    await Promise.all([landed(thinkingOff.generationId), landed(onStandard.generationId)]);

    const off = (await call('generation.get', thinkingOff)).generation;
    expect(off).toMatchObject({
      rerunOf: original.generationId,
      seed: 77,
      model: 'wan2.7-image-pro',
      size: '1024x1024',
    });
    expect(off.parameters.thinkingMode).toBe(false);
    const standard = (await call('generation.get', onStandard)).generation;
    expect(standard).toMatchObject({ rerunOf: original.generationId, seed: 77, model: 'wan2.7-image' });
    expect(standard.parameters.thinkingMode).toBe(true);

    // The standard model stops at 2K: a 4K twin is refused before anything is sent (or billed).
    const creates = ctx.sim.state.stats.creates;
    const refused = await invoke('generation.rerun', {
      generationId: onStandard.generationId,
      isNewSeed: false,
      change: { size: '4096x4096' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'size' } });
    expect(ctx.sim.state.stats.creates).toBe(creates);

    // A twin of a twin: another size, two levels under the original.
    const resized = await call('generation.rerun', {
      generationId: onStandard.generationId,
      isNewSeed: false,
      change: { size: '1696x960' },
    });
    await landed(resized.generationId);

    const lineage = await call('generation.lineage', resized);
    expect(lineage.rootId).toBe(original.generationId);
    expect(lineage.entries.map((e) => [e.view.generation.id, e.depth])).toEqual([
      [original.generationId, 0],
      [thinkingOff.generationId, 1],
      [onStandard.generationId, 1],
      [resized.generationId, 2],
    ]);
    expect(lineage.entries[3]!.view.generation).toMatchObject({ size: '1696x960', seed: 77, model: 'wan2.7-image' });

    // Stacked: the original and the unrelated image; the original carries its three versions.
    const stacked = await call('library.images', { query: { isStacked: true }, limit: 50 });
    expect(stacked.items.map((i) => i.generationId).sort()).toEqual([original.generationId, other.generationId].sort());
    expect(stacked.items.find((i) => i.generationId === original.generationId)?.versionCount).toBe(3);
    expect(stacked.items.find((i) => i.generationId === other.generationId)?.versionCount).toBeUndefined();
    expect(await call('library.count', { query: { isStacked: true } })).toEqual({ total: 2 });
    // Unstacked: every version has its own tile; the middle one counts the one under it.
    const all = await call('library.images', { query: {}, limit: 50 });
    expect(all.items).toHaveLength(5);
    expect(all.items.find((i) => i.generationId === onStandard.generationId)?.versionCount).toBe(1);

    // The original in the trash: its direct versions come out from under it; the deeper one stays stacked.
    const originalImage = stacked.items.find((i) => i.generationId === original.generationId)!;
    await call('image.trash', { imageIds: [originalImage.id] });
    const afterTrash = await call('library.images', { query: { isStacked: true }, limit: 50 });
    expect(afterTrash.items.map((i) => i.generationId).sort()).toEqual(
      [other.generationId, thinkingOff.generationId, onStandard.generationId].sort(),
    );
    expect(afterTrash.items.find((i) => i.generationId === onStandard.generationId)?.versionCount).toBe(1);
  });

  it('refuses a twin that would repeat the original, and a lineage for no generation', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { services, invoke, call, landed } = boot(dir.path);
    cleanups.push(() => services.close());
    const started = await call('generation.start', {
      request: { model: 'wan2.7-image', prompt: 'no change', size: '1024x1024', seed: 3 },
    });
    await landed(started.generationId);
    expect(
      await invoke('generation.rerun', { generationId: started.generationId, isNewSeed: false, change: {} }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await invoke('generation.lineage', { generationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_in_library' },
    });
    expect(await call('generation.lineage', started)).toMatchObject({
      rootId: started.generationId,
      entries: [{ depth: 0 }],
    });
  });
});
