import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { solidJpeg, solidPng, stripesPng } from '../helpers/images';
import { useSimulator } from '../helpers/simulator';

// Reference images, boxes and exact palettes through the real CLI against the simulator: the
// refusals (exit 2, before any request), a generate that records them, rerun, export and import.

const ctx = useSimulator({ taskDurationMs: 100 });
const home = tempDir('wan-cli-inputs-');
const files = join(home.path, 'files');
let env: Record<string, string>;
const file = (name: string): string => join(files, name);

beforeAll(async () => {
  env = { WAN_STUDIO_HOME: join(home.path, 'library'), WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
  mkdirSync(files, { recursive: true });
  writeFileSync(file('a.png'), await solidPng(640, 480, '#ff0000'));
  writeFileSync(file('b.jpg'), await solidJpeg(800, 600, '#00ff00'));
  writeFileSync(file('tiny.png'), await solidPng(100, 100));
  writeFileSync(
    file('stripes.png'),
    await stripesPng(600, 200, [
      ['#C2D1E6', 0.5],
      ['#1F2A44', 0.3],
      ['#F2C14E', 0.2],
    ]),
  );
});
afterAll(() => home.remove());

type Generation = {
  id: string;
  status: string;
  inputs: Array<{ index: number; sha256: string; width: number; height: number; path: string }>;
  bboxes: number[][][];
  palette: Array<{ hex: string; ratio: number }> | null;
  rerunOf: string | null;
};

const PALETTE = '#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49';

describe('wan-studio generate with reference images', { timeout: 120_000 }, () => {
  it('refuses, exit 2 and before any request, what the app refuses, with its sentences', async () => {
    const creates = ctx.sim.state.stats.creates;
    const ten = Array.from({ length: 10 }, () => ['--image', file('a.png')]).flat();
    const cases: Array<[string[], string]> = [
      [ten, '--image: At most 9 reference images (10 given).'],
      [
        ['--image', file('tiny.png')],
        '--image: Reference image 1 (tiny.png) is 100×100 px, too small: each side needs at least 240 px.',
      ],
      [
        ['--palette', '#C2D1E6:23.51,#1F2A44:40,#F2C14E:36'],
        '--palette: The colours’ shares add up to 99.51%; they must add up to exactly 100%.',
      ],
      [
        ['--image', file('a.png'), '--bbox', '1:0,0,700,100'],
        '--bbox: A box on reference image 1 reaches outside it (640×480 px).',
      ],
      [
        ['--sequential', '--image', file('a.png'), '--bbox', '1:0,0,70,100'],
        '--bbox: Boxes mark where to edit a reference image: they need reference images and do not apply to image sets.',
      ],
      [
        ['--sequential', '--palette', PALETTE],
        '--palette: An exact palette applies to single images, not to image sets.',
      ],
    ];
    for (const [args, sentence] of cases) {
      const r = await runCli(['generate', 'image 1 in blue', ...args], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toBe(sentence);
    }
    expect(ctx.sim.state.stats.creates).toBe(creates);
  });

  it('records two references, a box and a palette; rerun carries them; export and import keep them', async () => {
    const r = await runCli(
      [
        'generate',
        'put the clock from image 1 at the box in image 2',
        '--image',
        file('a.png'),
        '--image',
        file('b.jpg'),
        '--bbox',
        '2:10,20,300,400',
        '--palette',
        PALETTE,
        '--json',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const made = (JSON.parse(r.stdout) as { generation: Generation }).generation;
    expect(made.status).toBe('done');
    expect(made.inputs.map((i) => [i.index, i.width, i.height])).toEqual([
      [1, 640, 480],
      [2, 800, 600],
    ]);
    expect(readFileSync(made.inputs[1]!.path).equals(readFileSync(file('b.jpg')))).toBe(true);
    expect(made.bboxes).toEqual([[], [[10, 20, 300, 400]]]);
    expect(made.palette).toEqual([
      { hex: '#C2D1E6', ratio: 23.51 },
      { hex: '#1F2A44', ratio: 40 },
      { hex: '#F2C14E', ratio: 36.49 },
    ]);

    const rerun = await runCli(['rerun', made.id, '--new-seed', '--json'], env);
    expect(rerun.code).toBe(0);
    const again = (JSON.parse(rerun.stdout) as { generation: Generation }).generation;
    expect(again).toMatchObject({ rerunOf: made.id, inputs: made.inputs, bboxes: made.bboxes, palette: made.palette });

    const out = join(home.path, 'export');
    expect((await runCli(['export', made.id, '--to', out], env)).code).toBe(0);
    for (const input of made.inputs)
      expect(existsSync(join(out, 'inputs', `${input.sha256}.${input.path.split('.').pop()}`))).toBe(true);
    const other = { ...env, WAN_STUDIO_HOME: join(home.path, 'other') };
    const imported = await runCli(['import', out], other);
    expect(imported.code).toBe(0);
    const shown = await runCli(['show', made.id, '--json'], other);
    const back = (JSON.parse(shown.stdout) as { generation: Generation }).generation;
    expect(back.inputs.map((i) => i.sha256)).toEqual(made.inputs.map((i) => i.sha256));
    expect(back.bboxes).toEqual(made.bboxes);
    expect(back.palette).toEqual(made.palette);
    expect(readFileSync(back.inputs[0]!.path).equals(readFileSync(made.inputs[0]!.path))).toBe(true);
  });

  it('takes a palette from a picture with --palette-from', async () => {
    const r = await runCli(['generate', 'a calm harbour', '--palette-from', file('stripes.png'), '--json'], env);
    expect(r.code).toBe(0);
    const made = (JSON.parse(r.stdout) as { generation: Generation }).generation;
    expect(made.palette!.map((e) => e.hex)).toEqual(['#C2D1E6', '#1F2A44', '#F2C14E']);
    expect(Math.round(made.palette!.reduce((sum, e) => sum + e.ratio * 100, 0))).toBe(10_000);
  });
});
