import { describe, expect, it } from 'vitest';
import { DashScopeClient } from '../../src/main/services/providers/dashscope-client';
import type { PreparedReference } from '../../src/main/services/providers/provider-types';
import { runTask } from '../../src/main/services/providers/run-task';
import type { SeededGenerationRequest } from '../../src/shared/generation-request';
import { WanError } from '../../src/main/services/wan-error';
import { pixelAt, pngReference, summaryOf } from '../helpers/references';
import { FAST_POLL, pngSize, request, useSimulator } from '../helpers/simulator';

// The native DashScope client against the simulator's /api/v1 routes, over loopback.

const ctx = useSimulator();

function native(extra: Partial<ConstructorParameters<typeof DashScopeClient>[0]> = {}): DashScopeClient {
  return new DashScopeClient({
    baseUrl: ctx.sim.nativeBaseUrl,
    apiKey: ctx.sim.key,
    retry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 4 },
    ...extra,
  });
}

const lastReceived = () => ctx.sim.state.received.at(-1)!;

async function failure(p: Promise<unknown>): Promise<WanError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WanError);
  return err as WanError;
}

async function editInputs(): Promise<{ refs: PreparedReference[]; req: SeededGenerationRequest }> {
  const refs = [await pngReference(400, 300, [10, 200, 30]), await pngReference(600, 400, [40, 40, 200])];
  const req = request({
    prompt: `put the clock from image 1 in the box of image 2 ${Date.now()}`,
    thinkingMode: false,
    references: [
      { sha256: refs[0]!.sha256, boxes: [] },
      { sha256: refs[1]!.sha256, boxes: [[360, 280, 540, 340]] },
    ],
    palette: [
      { hex: '#C2D1E6', ratio: 23.51 },
      { hex: '#1F2A44', ratio: 40 },
      { hex: '#F2C14E', ratio: 36.49 },
    ],
  });
  return { refs, req };
}

describe('DashScope native client against the simulator', () => {
  it('text to image, sync: states every option, keeps usage.size and image_count', async () => {
    const client = native();
    const created = await client.create(request({ mode: 'sync', size: '1696x960', n: 2 }));
    expect(created.kind).toBe('images');
    if (created.kind !== 'images') return;
    expect(created.images).toHaveLength(2);
    expect(created.usage).toMatchObject({ size: '1696*960', imageCount: 2, generatedImages: 2 });
    const received = lastReceived();
    expect(received.route).toBe('POST /api/v1/services/aigc/multimodal-generation/generation');
    expect(received.asyncHeader).toBeUndefined();
    const body = received.json as {
      input: { messages: Array<{ role: string; content: unknown[] }> };
      parameters: object;
    };
    expect(Object.keys(body).sort()).toEqual(['input', 'model', 'parameters']);
    expect(body.input.messages).toEqual([{ role: 'user', content: [{ text: expect.stringContaining('测试') }] }]);
    expect(body.parameters).toEqual({
      size: '1696*960',
      n: 2,
      seed: 42,
      watermark: false,
      enable_sequential: false,
      thinking_mode: true,
    });
    const file = await client.download(created.images[1]!.url!);
    expect(pngSize(file.bytes)).toEqual({ width: 1696, height: 960 });
  });

  it('edits asynchronously with 2 references, a box and a palette, and the result shows them', async () => {
    const client = native();
    const { refs, req } = await editInputs();
    const progress: string[] = [];
    const outcome = await runTask(client, req, {
      references: refs,
      timing: FAST_POLL,
      onProgress: (r) => progress.push(r.rawStatus),
    });
    expect(outcome.taskId).toMatch(/^task_/);
    expect(progress.every((s) => s === 'PENDING' || s === 'RUNNING')).toBe(true);
    expect(outcome.usage).toMatchObject({ size: '1024*1024', imageCount: 1 });
    const received = lastReceived();
    expect(received.route).toBe('POST /api/v1/services/aigc/image-generation/generation');
    expect(received.asyncHeader).toBe('enable');
    expect(received.json).toMatchObject({
      input: {
        messages: [
          {
            role: 'user',
            content: [{ text: req.prompt }, { image: summaryOf(refs[0]!) }, { image: summaryOf(refs[1]!) }],
          },
        ],
      },
      parameters: {
        enable_sequential: false,
        thinking_mode: false,
        bbox_list: [[], [[360, 280, 540, 340]]],
        color_palette: [
          { hex: '#C2D1E6', ratio: '23.51%' },
          { hex: '#1F2A44', ratio: '40.00%' },
          { hex: '#F2C14E', ratio: '36.49%' },
        ],
      },
    });
    const { bytes } = await client.download(outcome.images[0]!.url!);
    // Reference 1 inset top-left; reference 2's box outlined in yellow; palette stripes along the bottom.
    expect(await pixelAt(bytes, 20, 20)).toEqual([10, 200, 30]);
    expect(await pixelAt(bytes, 748, 716)).toEqual([255, 220, 0]);
    expect(await pixelAt(bytes, 2, 1022)).toEqual([0xc2, 0xd1, 0xe6]);
    expect(await pixelAt(bytes, 1020, 1022)).toEqual([0xf2, 0xc1, 0x4e]);
  });

  it('gathers every image whether upstream sends one choice per image or one choice with all', async () => {
    const client = native();
    for (const layout of ['choices', 'one-choice']) {
      const created = await client.create(
        request({ mode: 'sync', n: 3, prompt: `layout ${layout} [[sim layout=${layout}]]` }),
      );
      expect(created.kind === 'images' && created.images.map((i) => i.index)).toEqual([0, 1, 2]);
    }
  });

  it('maps failed tasks and error bodies to the plain-language codes', async () => {
    const client = native();
    const moderated = await failure(
      runTask(client, request({ prompt: `flagged ${Date.now()} [[sim task=fail code=DataInspectionFailed]]` }), {
        timing: FAST_POLL,
      }),
    );
    expect(moderated).toMatchObject({ code: 'moderation', upstreamCode: 'DataInspectionFailed', isRetryable: false });
    const algo = await failure(
      runTask(client, request({ prompt: `algo ${Date.now()} [[sim task=fail]]` }), { timing: FAST_POLL }),
    );
    expect(algo).toMatchObject({ code: 'task_failed', upstreamCode: 'InternalError.Algo' });
    const quota = await failure(
      client.create(request({ prompt: `quota ${Date.now()} [[sim status=429 code=Throttling.AllocationQuota]]` })),
    );
    expect(quota).toMatchObject({ code: 'quota', httpStatus: 429 });
    const { refs, req } = await editInputs();
    const outside = await failure(
      client.create(
        { ...req, references: [req.references![0]!, { sha256: refs[1]!.sha256, boxes: [[0, 0, 700, 100]] }] },
        { references: refs },
      ),
    );
    expect(outside).toMatchObject({ code: 'invalid_request', httpStatus: 400, upstreamCode: 'InvalidParameter' });
    expect(outside.detail).toMatch(/outside the 600x400 image/);
    expect(await failure(native({ apiKey: 'sk-wrong' }).create(request()))).toMatchObject({ code: 'auth' });
  });

  it('keeps issue 9’s rules: polls retried through faults, a create that met a 500 never resent', async () => {
    const client = native();
    const flaky = await runTask(
      client,
      request({ prompt: `flaky ${Date.now()} [[sim on=poll status=503 times=2]] [[sim on=poll reset times=1]]` }),
      { timing: FAST_POLL },
    );
    expect(flaky.images).toHaveLength(1);
    const marker = `once ${Date.now()}`;
    const creates = ctx.sim.state.stats.creates;
    const err = await failure(client.create(request({ prompt: `${marker} [[sim status=500 times=1]]` })));
    expect(err).toMatchObject({ code: 'server', httpStatus: 500, upstreamCode: 'InternalError' });
    expect(ctx.sim.state.stats.creates - creates).toBe(1);
    const throttled = await failure(
      client.create(request({ prompt: `${marker} [[sim status=429 retry-after=2 times=1]]` })),
    );
    expect(throttled).toMatchObject({ code: 'rate_limited', retryAfterMs: 2000 });
  });

  it('reads an unknown task as unknown, and tests a connection without a model list', async () => {
    const client = native();
    expect(await client.getTask('no-such-task')).toEqual({ state: 'unknown', rawStatus: 'UNKNOWN' });
    const report = await client.testConnection();
    expect(report.models).toEqual(['wan2.7-image-pro', 'wan2.7-image']);
    expect(report.notes[0]).toMatch(/key was accepted.*UNKNOWN/);
    expect(await failure(native({ apiKey: 'sk-wrong' }).testConnection())).toMatchObject({ code: 'auth' });
  });

  it('refuses to send references the caller did not prepare in the request’s order', async () => {
    const { refs, req } = await editInputs();
    const before = ctx.sim.state.received.length;
    const err = await failure(native().create(req, { references: [refs[1]!, refs[0]!] }));
    expect(err.code).toBe('internal');
    expect(ctx.sim.state.received.length).toBe(before);
  });
});
