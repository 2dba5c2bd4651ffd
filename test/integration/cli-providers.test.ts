import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { pngSize, useSimulator } from '../helpers/simulator';
import { readFileSync } from 'node:fs';

// The CLI choosing its provider kind: the native DashScope API through the simulator's /api/v1
// routes, and clear refusals (exit 2) for a kind or region it does not know.

const ctx = useSimulator({ taskDurationMs: 150 });
const home = tempDir('wan-cli-providers-');
afterAll(() => home.remove());

type Entry = {
  generation: { status: string; billedImages: number | null };
  images: Array<{ path: string; width: number; height: number }>;
};

describe('the CLI with --provider-kind', { timeout: 60_000 }, () => {
  it('generates through the native DashScope routes with --provider-kind dashscope --base-url …/api/v1', async () => {
    const marker = `cli native ${Date.now()}`;
    const env = { WAN_STUDIO_HOME: home.path, WAN_API_KEY: ctx.sim.key };
    const args = ['--provider-kind', 'dashscope', '--base-url', ctx.sim.nativeBaseUrl, '--json'];
    const r = await runCli(['generate', marker, '--size', '1696x960', '--seed', '7', ...args], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation).toMatchObject({ status: 'done', billedImages: 1 });
    expect(pngSize(readFileSync(out.images[0]!.path))).toEqual({ width: 1696, height: 960 });
    const received = ctx.sim.state.received.find((e) => JSON.stringify(e.json).includes(marker))!;
    expect(received).toMatchObject({
      route: 'POST /api/v1/services/aigc/image-generation/generation',
      asyncHeader: 'enable',
      json: {
        parameters: {
          size: '1696*960',
          n: 1,
          seed: 7,
          watermark: false,
          enable_sequential: false,
          thinking_mode: true,
        },
      },
    });
    const sync = await runCli(['generate', `${marker} sync`, '--sync', ...args], env);
    expect(sync.code).toBe(0);
    expect(ctx.sim.state.received.at(-1)!.route).toBe('POST /api/v1/services/aigc/multimodal-generation/generation');
  });

  it('refuses an unknown kind or region, and a region without dashscope, with exit 2 before any request', async () => {
    const env = { WAN_STUDIO_HOME: home.path, WAN_API_KEY: ctx.sim.key };
    const creates = ctx.sim.state.stats.creates;
    const kind = await runCli(['generate', 'x', '--provider-kind', 'midjourney'], env);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--provider-kind is openai or dashscope, not "midjourney".');
    const region = await runCli(['generate', 'x', '--provider-kind', 'dashscope', '--region', 'mars'], env);
    expect(region.code).toBe(2);
    expect(region.stderr).toContain('--region is beijing or singapore, not "mars".');
    const stray = await runCli(['generate', 'x', '--region', 'singapore'], env);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--region applies to --provider-kind dashscope only.');
    expect(ctx.sim.state.stats.creates).toBe(creates);
  });
});
