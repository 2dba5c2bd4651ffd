import { describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/main/services/providers/gateway-client';
import { runTask } from '../../src/main/services/providers/run-task';
import { waitForTask } from '../../src/main/services/providers/task-waiter';
import { FAST_POLL, clientFor, pngSize, request, useSimulator } from '../helpers/simulator';

const ctx = useSimulator();

describe('gateway client against the simulator', () => {
  it('generates synchronously with url results and downloads real PNGs of the requested size', async () => {
    const client = clientFor(ctx.sim);
    const created = await client.create(request({ mode: 'sync', size: '1696x960', n: 2 }));
    expect(created.kind).toBe('images');
    if (created.kind !== 'images') return;
    expect(created.images).toHaveLength(2);
    expect(created.usage?.generatedImages).toBe(2);
    const files = await Promise.all(created.images.map((img) => client.download(img.url!)));
    for (const file of files) {
      expect(file.contentType).toBe('image/png');
      expect(pngSize(file.bytes)).toEqual({ width: 1696, height: 960 });
    }
    expect(files[0]!.bytes.equals(files[1]!.bytes)).toBe(false);
  });

  it('creates an async task, sees it go queued → processing → completed, with rising progress', async () => {
    const client = clientFor(ctx.sim);
    const created = await client.create(request({ prompt: `async ${Date.now()} [[sim duration=1500]]` }));
    expect(created).toMatchObject({ kind: 'task', progress: 0 });
    if (created.kind !== 'task') return;
    const progress: number[] = [];
    const statuses = new Set<string>();
    const done = await waitForTask(client, created.taskId, {
      timing: FAST_POLL,
      onProgress: (r) => {
        progress.push(r.progress);
        statuses.add(r.rawStatus);
      },
    });
    expect(done.images).toHaveLength(1);
    expect(done.images[0]!.revisedPrompt).toContain('async');
    expect(statuses).toEqual(new Set(['queued', 'processing']));
    expect(progress.length).toBeGreaterThan(2);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBeGreaterThan(0);
  });

  it('accepts a finished task that is only data[] with no status (the seed document’s shape)', async () => {
    const client = clientFor(ctx.sim);
    const outcome = await runTask(client, request({ prompt: `data-only ${Date.now()} [[sim finish=data]]` }), {
      timing: FAST_POLL,
    });
    expect(outcome.images).toHaveLength(1);
    expect(outcome.images[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
  });

  it('accepts an async create that answers with finished images straight away', async () => {
    const client = clientFor(ctx.sim);
    const submitted: string[] = [];
    const outcome = await runTask(client, request({ prompt: `instant ${Date.now()} [[sim async=sync]]` }), {
      timing: FAST_POLL,
      onSubmitted: (id) => submitted.push(id),
    });
    expect(outcome.images).toHaveLength(1);
    expect(submitted).toEqual([]);
  });

  it('returns base64 images with b64_json', async () => {
    const client = clientFor(ctx.sim);
    const outcome = await runTask(client, request({ responseFormat: 'b64_json', size: '832x1248' }), {
      timing: FAST_POLL,
    });
    const bytes = Buffer.from(outcome.images[0]!.b64Json!, 'base64');
    expect(outcome.images[0]!.url).toBeUndefined();
    expect(pngSize(bytes)).toEqual({ width: 832, height: 1248 });
  });

  it('makes an ordered image set in sequential mode, and accepts fewer images than asked', async () => {
    const client = clientFor(ctx.sim);
    const set = await runTask(client, request({ isSequential: true, n: 6, model: 'wan2.7-image-pro' }), {
      timing: FAST_POLL,
    });
    expect(set.images.map((i) => i.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(set.images[2]!.revisedPrompt).toMatch(/^第3张/);
    const fewer = await runTask(
      client,
      request({ isSequential: true, n: 4, prompt: `fewer ${Date.now()} [[sim count=3]]` }),
      { timing: FAST_POLL },
    );
    expect(fewer.images).toHaveLength(3);
  });

  it('sends an explicit seed on every request and only the options that apply', async () => {
    const client = clientFor(ctx.sim, { random: () => 0.5 });
    const { seed: _unused, ...withoutSeed } = request();
    const seeded = client.withSeed(withoutSeed);
    expect(seeded.seed).toBe(1073741824);
    const outcome = await runTask(client, seeded, { timing: FAST_POLL });
    const task = ctx.sim.state.tasks.get(outcome.taskId!);
    expect(task?.request.seed).toBe(1073741824);

    const single = GatewayClient.wireBody({ ...seeded, colorPalette: '暖色调' });
    expect(single).toMatchObject({
      async: true,
      parameters: { seed: 1073741824, thinking_mode: true, color_palette: '暖色调', watermark: false },
    });
    const set = GatewayClient.wireBody({ ...seeded, isSequential: true, mode: 'sync' });
    expect(set).not.toHaveProperty('async');
    expect(set.parameters).toEqual({ seed: 1073741824, watermark: false, enable_sequential: true });
    expect(JSON.stringify(single)).not.toMatch(/negative_prompt|prompt_extend/);
  });

  it('renders a 4096x4096 image for the pro model', async () => {
    const client = clientFor(ctx.sim);
    const outcome = await runTask(client, request({ model: 'wan2.7-image-pro', size: '4096x4096', mode: 'sync' }));
    const file = await client.download(outcome.images[0]!.url!);
    expect(pngSize(file.bytes)).toEqual({ width: 4096, height: 4096 });
  });
});
