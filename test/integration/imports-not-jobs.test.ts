import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { AppServices } from '../../src/main/services/app/app-types';
import { ExportEngine } from '../../src/main/services/export/export-engine';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary } from '../../src/main/services/library/library';
import type { InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { solidPng } from '../helpers/images';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';
import { useSimulator } from '../helpers/simulator';

// Imported records are library items, not jobs: the queue never lists them, and a rerun of a
// picture that carries no Wan request is refused in words, not sent as model "unknown".

const ctx = useSimulator({ taskDurationMs: 50 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Call = <M extends InvokeMethod>(m: M, i: InvokeInput<M>) => Promise<InvokeOutput<M>>;

function boot(home: string): { services: AppServices; call: Call; invoke: ReturnType<typeof createInvoker> } {
  const secrets = new Map<string, string>();
  const services = createAppServices({
    home,
    host: 'browser',
    version: '0.0.0-test',
    systemLocale: 'en',
    secrets: {
      get: (k) => secrets.get(k),
      set: (k, v) => void secrets.set(k, v),
      delete: (k) => void secrets.delete(k),
    },
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 20, minIntervalMs: 20, maxIntervalMs: 40 },
  });
  cleanups.push(() => services.close());
  const invoke = createInvoker(services.handlers);
  const call: Call = async (m, i) => {
    const result = await invoke(m, i);
    if (!result.ok) throw new Error(`${m}: ${result.error.code} ${result.error.detail ?? ''}`);
    return result.value as InvokeOutput<typeof m>;
  };
  return { services, call, invoke };
}

/** Resolves on the job's own finished event (subscribed before the job starts). */
function finished(services: AppServices, job: { id: string }): Promise<void> {
  return new Promise((resolve) => {
    const stop = services.onEvent((name, payload) => {
      if (name !== 'generation.finished' && name !== 'generation.failed') return;
      if ((payload as { generationId: string }).generationId !== job.id) return;
      stop();
      resolve();
    });
  });
}

/** A folder with one plain PNG (no metadata) and one image Wan Studio exported with its request. */
async function importFolder(root: string): Promise<string> {
  const folder = path.join(root, 'incoming');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'holiday.png'), await solidPng(320, 180, '#cc6633'));
  const source = openLibrary(path.join(root, 'source'));
  try {
    await seedLibrary(source, [{ prompt: 'a lighthouse at dusk', seed: 77 }]);
    const engine = new ExportEngine({ library: source, gallery: new GalleryRepository(source.db) });
    const view = await engine.start(
      { kind: 'query', query: {} },
      { destination: folder, format: 'png', isMetadataIncluded: true, layout: 'flat', template: '{seed}_{index}' },
    );
    expect((await engine.wait(view.id)).status).toBe('done');
  } finally {
    source.close();
  }
  return folder;
}

describe('imported records are not jobs', () => {
  it('generation.recent lists the jobs and leaves every imported record out', async () => {
    const dir = tempDir('wan-imports-');
    cleanups.push(dir.remove);
    const { services, call } = boot(path.join(dir.path, 'home'));
    const job = { id: '' };
    const done = finished(services, job);
    job.id = (
      await call('generation.start', { request: { model: 'wan2.7-image', prompt: 'a job', size: '1024x1024' } })
    ).generationId;
    await done;
    const summary = await call('library.import', { folder: await importFolder(dir.path) });
    expect(summary.plain).toBe(1);
    expect(summary.restored).toBe(1);
    // Imported after the job, so they are the newest records: still not in the queue.
    const recent = await call('generation.recent', { limit: 30 });
    expect(recent.map((v) => v.generation.id)).toEqual([job.id]);
    const images = await call('library.images', { query: {}, limit: 10 });
    expect(images.items).toHaveLength(3);
  });

  it('refuses to rerun a plain imported image with not_rerunnable, and reruns an imported Wan Studio file', async () => {
    const dir = tempDir('wan-imports-');
    cleanups.push(dir.remove);
    const { services, call, invoke } = boot(path.join(dir.path, 'home'));
    const summary = await call('library.import', { folder: await importFolder(dir.path) });
    const views = await Promise.all(summary.generationIds.map((id) => call('generation.get', { generationId: id })));
    const plain = views.find((v) => v.generation.model === 'unknown')!;
    const wan = views.find((v) => v.generation.model !== 'unknown')!;
    expect(plain).toBeDefined();
    expect(wan.generation.prompt).toBe('a lighthouse at dusk');

    for (const isNewSeed of [false, true]) {
      const refused = await invoke('generation.rerun', { generationId: plain.generation.id, isNewSeed });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_rerunnable', field: 'model' } });
      if (!refused.ok) expect(refused.error.message).toMatch(/imported without a Wan model/);
    }
    // Nothing was sent: no job was created for it.
    expect(await call('generation.recent', { limit: 30 })).toEqual([]);

    const rerunJob = { id: '' };
    const done = finished(services, rerunJob);
    rerunJob.id = (await call('generation.rerun', { generationId: wan.generation.id, isNewSeed: false })).generationId;
    await done;
    const rerun = await call('generation.get', { generationId: rerunJob.id });
    expect(rerun.generation).toMatchObject({ status: 'done', prompt: 'a lighthouse at dusk', seed: 77 });
    expect((await call('generation.recent', { limit: 30 })).map((v) => v.generation.id)).toEqual([rerunJob.id]);
  });
});
