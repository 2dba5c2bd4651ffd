import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../src/shared/generation-request';
import { engineRig, type EngineRig } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 200 });
let rig: EngineRig;
afterEach(() => rig?.close());

let counter = 0;
function req(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    model: 'wan2.7-image',
    prompt: `一间有着精致窗户的花店 ${++counter} ${Date.now()}`,
    size: '1024x1024',
    n: 1,
    isSequential: false,
    thinkingMode: true,
    watermark: false,
    responseFormat: 'url',
    mode: 'async',
    ...overrides,
  };
}

describe('job engine', () => {
  it('runs an async job to images on disk and in the database, reporting every step', async () => {
    rig = engineRig(ctx.sim);
    const { generationId } = rig.engine.start(req({ n: 2, seed: 1234 }));
    const { generation, images } = await rig.engine.wait(generationId);
    await rig.engine.idle();
    expect(generation).toMatchObject({ status: 'done', seed: 1234, n: 2, progress: 100, error: null });
    expect(generation.taskId).toMatch(/^task_/);
    expect(generation.revisedPrompts).toHaveLength(2);
    expect(images.map((i) => i.index)).toEqual([0, 1]);
    for (const image of images) {
      const bytes = readFileSync(join(rig.library.home, image.path));
      expect(image.path).toMatch(/^images\/\d{4}\/\d{2}\/[\w-]+\.png$/);
      expect(image.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect({ w: image.width, h: image.height, bytes: image.bytes }).toEqual({
        w: 1024,
        h: 1024,
        bytes: bytes.length,
      });
    }
    const thumb = rig.library.repo.imagesOf(generationId)[0]!.thumbPath!;
    const meta = await sharp(join(rig.library.home, thumb)).metadata();
    expect({ format: meta.format, width: meta.width }).toEqual({ format: 'webp', width: 512 });
    const names = rig.events.filter((e) => e.payload.generationId === generationId).map((e) => e.name);
    expect(names[0]).toBe('generation.queued');
    expect(names[1]).toBe('generation.submitted');
    expect(names).toContain('generation.progressed');
    expect(names.at(-1)).toBe('generation.finished');
    expect(names.filter((n) => n === 'generation.downloading')).toHaveLength(3);
  });

  it('writes the row before the create request and the task id the moment it arrives', async () => {
    rig = engineRig(ctx.sim);
    const { generationId } = rig.engine.start(req({ prompt: `slow create ${Date.now()} [[sim latency=150]]` }));
    expect(rig.library.repo.getGeneration(generationId)?.status).toBe('queued');
    const seenAtSubmit: Array<string | null | undefined> = [];
    rig.engine.on((e) => {
      if (e.name === 'generation.submitted') seenAtSubmit.push(rig.library.repo.getGeneration(generationId)?.taskId);
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(rig.library.repo.getGeneration(generationId)).toMatchObject({ status: 'submitting', taskId: null });
    await rig.engine.wait(generationId);
    expect(seenAtSubmit[0]).toMatch(/^task_/);
  });

  it('stores sync, b64_json and image-set results', async () => {
    rig = engineRig(ctx.sim);
    const ids = [
      rig.engine.start(req({ mode: 'sync', size: '1248x832' })).generationId,
      rig.engine.start(req({ responseFormat: 'b64_json', size: '832x1248' })).generationId,
      rig.engine.start(req({ isSequential: true, n: 5 })).generationId,
    ];
    const [sync, b64, set] = await Promise.all(ids.map((id) => rig.engine.wait(id)));
    expect(sync!.generation).toMatchObject({ status: 'done', taskId: null, mode: 'sync' });
    expect(sync!.images[0]).toMatchObject({ width: 1248, height: 832 });
    expect(b64!.images[0]).toMatchObject({ width: 832, height: 1248, mime: 'image/png' });
    expect(set!.images.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('retries a truncated download and records the whole image', async () => {
    rig = engineRig(ctx.sim);
    const { generationId } = rig.engine.start(req({ prompt: `trunc ${Date.now()} [[sim truncate times=1]]` }));
    const { generation, images } = await rig.engine.wait(generationId);
    expect(generation.status).toBe('done');
    expect(readFileSync(join(rig.library.home, images[0]!.path)).length).toBe(images[0]!.bytes);
  });

  it('reports an expired result URL and keeps the record', async () => {
    rig = engineRig(ctx.sim);
    const { generationId } = rig.engine.start(req({ prompt: `expired ${Date.now()} [[sim ttl=-1000]]` }));
    const { generation, images } = await rig.engine.wait(generationId);
    expect(generation.status).toBe('failed');
    expect(generation.error).toMatchObject({ code: 'expired' });
    expect(images).toEqual([]);
    expect(rig.events.at(-1)).toMatchObject({ name: 'generation.failed', payload: { error: { code: 'expired' } } });
  });

  it('records a failed task with its code, and a canceled job as canceled', async () => {
    rig = engineRig(ctx.sim);
    const bad = rig.engine.start(
      req({ prompt: `mod ${Date.now()} [[sim task=fail code=DataInspectionFailed]]` }),
    ).generationId;
    const slow = rig.engine.start(req({ prompt: `hang ${Date.now()} [[sim task=hang]]` })).generationId;
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.engine.cancel(slow)).toBe(true);
    expect((await rig.engine.wait(bad)).generation).toMatchObject({ status: 'failed', error: { code: 'moderation' } });
    expect((await rig.engine.wait(slow)).generation).toMatchObject({ status: 'canceled', error: { code: 'canceled' } });
  });

  it('reruns with the same model, prompt, size, n, parameters and seed, or a new seed', async () => {
    rig = engineRig(ctx.sim);
    const original = rig.engine.start(
      req({ size: '1472x1104', n: 2, seed: 77, colorPalette: '暖色调', watermark: true, thinkingMode: false }),
    ).generationId;
    const first = (await rig.engine.wait(original)).generation;
    const again = (await rig.engine.wait(rig.engine.rerun(original).generationId)).generation;
    const varied = (await rig.engine.wait(rig.engine.rerun(original, { newSeed: true }).generationId)).generation;
    for (const g of [again, varied]) {
      expect(g).toMatchObject({
        model: first.model,
        prompt: first.prompt,
        size: first.size,
        n: 2,
        parameters: first.parameters,
        rerunOf: original,
        status: 'done',
      });
    }
    expect(again.seed).toBe(77);
    expect(varied.seed).not.toBe(77);
    const again0 = rig.library.repo.imagesOf(again.id)[0]!;
    expect(again0.sha256).toBe(rig.library.repo.imagesOf(original)[0]!.sha256);
  });
});

describe('resume', () => {
  it('carries on from saved state with no second create, and never resubmits an unanswered create', async () => {
    rig = engineRig(ctx.sim);
    const repo = rig.library.repo;
    const base = {
      createdAt: Date.now(),
      model: 'wan2.7-image',
      size: '1024x1024',
      n: 1,
      seed: 5,
      mode: 'async' as const,
      providerProfile: 'test',
      baseUrl: ctx.sim.baseUrl,
      rerunOf: null,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' as const },
    };
    // A job that was polling when the process died: its task is still running upstream.
    const created = await rig.client.create({ ...req(), seed: 5 });
    if (created.kind !== 'task') throw new Error('expected a task');
    repo.insertGeneration({ ...base, id: 'polling-job', status: 'polling', prompt: 'p1' });
    repo.updateGeneration('polling-job', { taskId: created.taskId, submittedAt: Date.now() });
    // A job whose create was in flight: it may have been billed.
    repo.insertGeneration({ ...base, id: 'submitting-job', status: 'submitting', prompt: 'p2' });
    // A job saved but never sent.
    repo.insertGeneration({ ...base, id: 'queued-job', status: 'queued', prompt: 'p3 [[sim duration=50]]' });
    const createsBefore = ctx.sim.state.stats.creates;

    const resumed = rig.engine.resume();
    expect(resumed.sort()).toEqual(['polling-job', 'queued-job']);
    const polled = await rig.engine.wait('polling-job');
    expect(polled.generation).toMatchObject({ status: 'done', taskId: created.taskId });
    expect(polled.images).toHaveLength(1);
    expect((await rig.engine.wait('queued-job')).generation.status).toBe('done');
    expect(repo.getGeneration('submitting-job')).toMatchObject({
      status: 'interrupted',
      error: { code: 'interrupted' },
    });
    expect(ctx.sim.state.stats.creates - createsBefore).toBe(1);
  });

  it('finishes a job cut off while downloading from its saved result URLs', async () => {
    rig = engineRig(ctx.sim);
    const created = await rig.client.create({ ...req({ mode: 'sync' }), seed: 9 });
    if (created.kind !== 'images') throw new Error('expected images');
    const repo = rig.library.repo;
    repo.insertGeneration({
      id: 'dl-job',
      createdAt: Date.now(),
      status: 'downloading',
      model: 'wan2.7-image',
      prompt: 'p',
      size: '1024x1024',
      n: 1,
      seed: 9,
      mode: 'sync',
      providerProfile: 'test',
      baseUrl: ctx.sim.baseUrl,
      rerunOf: null,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
    });
    repo.updateGeneration('dl-job', { resultItems: created.images });
    expect(rig.engine.resume()).toEqual(['dl-job']);
    const { generation, images } = await rig.engine.wait('dl-job');
    expect(generation.status).toBe('done');
    expect(existsSync(join(rig.library.home, images[0]!.path))).toBe(true);
    expect(repo.getResultItems('dl-job')).toBeNull();
  });
});
