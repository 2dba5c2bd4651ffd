import { afterEach, describe, expect, it } from 'vitest';
import type { BatchView } from '../../src/shared/batch/batch-types';
import { BatchService } from '../../src/main/services/batch/batch-service';
import { engineRig, type EngineRig } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// Batches on a real library against the simulator: a plan saved whole, run through the job
// engine with each row created once, caps that refuse before anything is sent, pause and cancel.

const ctx = useSimulator({ taskDurationMs: 150 });
const rigs: EngineRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

function setup(): {
  rig: EngineRig;
  service: BatchService;
  provider: { name: string; baseUrl: string };
  progress: BatchView[];
} {
  const rig = engineRig(ctx.sim);
  rigs.push(rig);
  const progress: BatchView[] = [];
  const service = new BatchService({ library: rig.library, onProgress: (view) => progress.push(view) });
  return { rig, service, provider: { name: 'test', baseUrl: ctx.sim.baseUrl }, progress };
}

const createsFor = (marker: string): number =>
  [...ctx.sim.state.tasks.values()].filter((t) => t.request.prompt.includes(marker)).length;

const csv = (marker: string, rows: number): string =>
  [
    'prompt,model,size,n,seed',
    ...Array.from({ length: rows }, (_, i) => `"${marker} 第${i}张, 水彩",wan2.7-image,1024x1024,${1 + (i % 2)},${i}`),
  ].join('\n');

describe('batches', { timeout: 60_000 }, () => {
  it('run every row once through the engine, to done, with counts and progress', async () => {
    const { rig, service, provider, progress } = setup();
    const marker = `csv-${Date.now()}`;
    const batch = await service.create({ file: { name: 'plan.csv', text: csv(marker, 6), kind: 'csv' } }, provider);
    expect(batch).toMatchObject({ status: 'running', totalRows: 6, totalImages: 9, name: 'plan.csv' });
    expect(batch.estimate).toMatchObject({ generations: 6, images: 9, currency: 'USD', cost: 0.27 });
    const view = await service.run(batch.id, rig.engine, 3);
    expect(view.status).toBe('done');
    expect(view.counts).toMatchObject({ enqueued: 6, done: 6, failed: 0, active: 0, images: 9, billedImages: 9 });
    expect(createsFor(marker)).toBe(6);
    expect(progress.at(-1)!.counts.done).toBe(6);
    const rows = service.batches.rows(batch.id);
    expect(rows.map((r) => r.request.seed)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.generationId !== null)).toBe(true);
    expect(rig.library.repo.getGeneration(rows[4]!.generationId!)?.batch).toEqual({ id: batch.id, row: 4 });
  });

  it('never enqueues a row twice: a second run, or a second start of the same row, finds it', async () => {
    const { rig, service, provider } = setup();
    const marker = `twice-${Date.now()}`;
    const batch = await service.create({ prompt: marker, seeds: 3 }, provider);
    const row = service.batches.pendingRows(batch.id, -1, 1)[0]!;
    const first = rig.engine.start(row.request, { batch: { batchId: batch.id, row: row.index } });
    const again = rig.engine.start(row.request, { batch: { batchId: batch.id, row: row.index } });
    expect(again).toEqual({ generationId: first.generationId, isNew: false });
    await service.run(batch.id, rig.engine);
    // A finished batch runs nothing more.
    await service.run(batch.id, rig.engine);
    await rig.engine.idle();
    expect(createsFor(marker)).toBe(3);
    expect(service.view(batch.id).counts.done).toBe(3);
  });

  it('refuses past a cap on images or money, saving and sending nothing', async () => {
    const { service, provider } = setup();
    const marker = `cap-${Date.now()}`;
    const input = { file: { name: 'plan.csv', text: csv(marker, 4), kind: 'csv' as const } };
    await expect(service.create({ ...input, maxImages: 5 }, provider)).rejects.toMatchObject({
      code: 'invalid_input',
      detail: expect.stringMatching(/can make 6 images, past the cap of 5/),
    });
    await expect(service.create({ ...input, maxCost: 0.1 }, provider)).rejects.toMatchObject({
      detail: expect.stringMatching(/can cost 0\.180 USD, past the cap of 0\.100 USD/),
    });
    expect(service.batches.list(10)).toEqual([]);
    expect(createsFor(marker)).toBe(0);
    // At the cap exactly is allowed.
    expect((await service.create({ ...input, maxImages: 6, maxCost: 0.18 }, provider)).totalImages).toBe(6);
  });

  it('refuses a plan with a bad row, naming the row and column', async () => {
    const { service, provider } = setup();
    await expect(
      service.create({ file: { name: 'p.csv', text: 'prompt,size\nok,1024x1024\nok,77x77\n', kind: 'csv' } }, provider),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'size', detail: expect.stringMatching(/^row 3, size: /) });
  });

  it('uses a saved template by name and fills {name} from a saved list', async () => {
    const { service, provider } = setup();
    service.templates.save('风格', 'list', '水彩\n油画\n', 1);
    service.templates.save('cats', 'template', 'a cat, {风格}, {day|night}', 1);
    const preview = service.preview({ template: 'cats' }, provider);
    expect(preview.rows.map((r) => r.request.prompt)).toEqual([
      'a cat, 水彩, day',
      'a cat, 水彩, night',
      'a cat, 油画, day',
      'a cat, 油画, night',
    ]);
    const batch = await service.create({ template: 'cats' }, provider);
    expect(batch.source).toMatchObject({ kind: 'template', templateName: 'cats', axes: ['风格', '{day|night}'] });
  });

  it('pauses (no new rows), resumes, and cancels (waiting creates dropped)', async () => {
    const { rig, service, provider } = setup();
    const marker = `pause-${Date.now()}`;
    const batch = await service.create({ prompt: `${marker} [[sim duration=300]]`, seeds: 8 }, provider);
    const running = service.run(batch.id, rig.engine, 2);
    // Paused as soon as the first row lands.
    await new Promise<void>((resolve) => {
      const off = rig.engine.on((e) => {
        if (e.name === 'generation.finished') {
          off();
          resolve();
        }
      });
    });
    service.pause(batch.id);
    const paused = await running;
    expect(paused.status).toBe('paused');
    expect(paused.counts.active).toBe(0);
    expect(paused.counts.enqueued).toBeLessThan(8);
    const enqueuedWhenPaused = paused.counts.enqueued;
    expect(createsFor(marker)).toBe(enqueuedWhenPaused);

    const resumed = service.run(batch.id, rig.engine, 2);
    service.cancel(batch.id);
    const canceled = await resumed;
    expect(canceled.status).toBe('canceled');
    expect(canceled.counts.active).toBe(0);
    expect(canceled.counts.enqueued).toBeLessThan(8);
    // Rows never enqueued were never sent; a create caught mid-send by the cancel is followed quietly.
    expect(createsFor(marker)).toBeGreaterThanOrEqual(canceled.counts.done);
    expect(createsFor(marker)).toBeLessThanOrEqual(canceled.counts.enqueued);
    expect(() => service.pause(batch.id)).toThrow(
      expect.objectContaining({ detail: expect.stringMatching(/is canceled/) }),
    );
  });
});
