import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchView } from '../../src/shared/batch/batch-types';
import type { InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// A finished batch as the gallery and the contact sheet see it: `batch:<id>` finds exactly its
// images, `batch.contactSheet` writes its grid as a PNG through the export destination checks.

const ctx = useSimulator({ taskDurationMs: 50 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function boot() {
  const dir = tempDir('wan-batch-sheet-');
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
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok) throw Object.assign(new Error(`${m}: ${result.error.detail ?? result.error.message}`));
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
  return { call, batchDone, home: dir.path };
}

describe('batch contact sheet and gallery filter', { timeout: 60_000 }, () => {
  it('filters the gallery to one batch and writes its grid as a PNG', async () => {
    const { call, batchDone, home } = boot();
    const text = 'prompt,size\nsheet cat,1024x1024\nsheet cat,1696x960\nsheet dog,1024x1024\nsheet dog,1696x960\n';
    const started = await call('batch.start', { file: { name: 'pets.csv', text, kind: 'csv' }, name: 'Pets: a/b' });
    await batchDone(started.id);
    // Another generation outside the batch, with the same words, must not match the filter.
    const other = await call('batch.start', { prompt: 'sheet cat', seeds: 1 });
    await batchDone(other.id);

    const count = (search: string) => call('library.count', { query: { search } }).then((c) => c.total);
    expect(await count('sheet')).toBe(5);
    expect(await count(`batch:${started.id}`)).toBe(4);
    expect(await count(`sheet dog batch:${started.id}`)).toBe(2);

    const out = tempDir('wan-sheet-out-');
    cleanups.push(out.remove);
    const sheet = await call('batch.contactSheet', { batchId: started.id, folder: out.path, cellSize: 96 });
    expect(sheet).toMatchObject({ rows: 4, images: 4 });
    expect(path.dirname(sheet.path)).toBe(out.path);
    const meta = await sharp(sheet.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', sheet.width, sheet.height]);
    // Two columns (prompt) of 96 px cells beside the row headers (size).
    expect(sheet.width).toBe(220 + 2 * (96 + 8));

    const again = await call('batch.contactSheet', { batchId: started.id, folder: out.path, xAxis: 'size' });
    expect(path.basename(sheet.path)).toBe('Pets a b contact sheet.png');
    expect(path.basename(again.path)).toBe('Pets a b contact sheet (2).png');
    expect(existsSync(sheet.path)).toBe(true);
    await expect(call('batch.contactSheet', { batchId: started.id, folder: path.join(home, 'x') })).rejects.toThrow(
      /inside the library/,
    );
  });
});

describe('batch resume while its run is still here', { timeout: 60_000 }, () => {
  it('a batch paused while its sent rows finish resumes in the same run and completes', async () => {
    const { call, batchDone } = boot();
    const started = await call('batch.start', { prompt: 'slow sea [[sim duration=300]]', seeds: 8 });
    const paused = await call('batch.pause', { batchId: started.id });
    expect(paused.status).toBe('paused');
    const resumed = await call('batch.resume', { batchId: started.id });
    expect(resumed.status).toBe('running');
    const done = await batchDone(started.id);
    expect(done.counts).toMatchObject({ done: 8, images: 8 });
  });
});
