import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli';
import { solidPng } from '../helpers/images';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 200 });
const home = tempDir('wan-cli-');
let env: Record<string, string>;
beforeAll(() => {
  env = { WAN_STUDIO_HOME: home.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
});
afterAll(() => home.remove());

type Entry = {
  generation: Record<string, unknown> & { id: string; seed: number; status: string };
  images: Array<{ path: string; sha256: string; width: number; bytes: number }>;
};

// Each case starts real CLI processes (tsx compiles on start), slow on a loaded two-core machine.
describe('wan-studio CLI', { timeout: 60_000 }, () => {
  it('generates, saves the images and prints the documented JSON', async () => {
    const r = await runCli(
      [
        'generate',
        '一只小猫在花园里玩耍,水彩风格',
        '--size',
        '1696x960',
        '--n',
        '2',
        '--seed',
        '31',
        '--color-palette',
        '暖色调',
        '--json',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Entry;
    expect(Object.keys(out.generation)).toEqual(
      expect.arrayContaining([
        'id',
        'status',
        'model',
        'prompt',
        'size',
        'n',
        'seed',
        'parameters',
        'taskId',
        'revisedPrompts',
        'error',
        'rerunOf',
      ]),
    );
    expect(out.generation).toMatchObject({
      status: 'done',
      model: 'wan2.7-image-pro',
      size: '1696x960',
      n: 2,
      seed: 31,
      error: null,
      rerunOf: null,
      parameters: { colorPalette: '暖色调', thinkingMode: true, isSequential: false },
    });
    expect(out.images).toHaveLength(2);
    for (const image of out.images) {
      expect(image.path.startsWith(home.path)).toBe(true);
      expect(createHash('sha256').update(readFileSync(image.path)).digest('hex')).toBe(image.sha256);
      expect(image.width).toBe(1696);
    }
  });

  it('refuses invalid input before any network request, with a one-line message and exit 2', async () => {
    const before = ctx.sim.state.stats.creates;
    const cases: Array<[string[], RegExp]> = [
      [
        ['generate', 'x', '--model', 'wan2.7-image', '--size', '4096x4096'],
        /--size: wan2\.7-image does not offer 4096x4096/,
      ],
      [['generate', 'x', '--n', '5'], /--n: Number of images must be a whole number from 1 to 4/],
      [['generate', 'x', '--seed=-3'], /--seed: Seed must be a whole number/],
      [['generate', 'x', '--seed', '-3'], /--seed/],
      [['generate', '   '], /--prompt: Write a prompt first/],
      [['generate', 'x', '--n', 'two'], /--n takes a number/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--json'], env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(JSON.parse(r.stdout).error.code).toMatch(/invalid_request|usage/);
    }
    expect(ctx.sim.state.stats.creates).toBe(before);
  });

  it('speaks Chinese when the system does', async () => {
    const r = await runCli(['generate', 'x', '--n', '9'], { ...env, LANG: 'zh_CN.UTF-8' });
    expect(r.stderr).toContain('生成数量须为 1 到 4 之间的整数');
  });

  it('says plainly when there is no API key, and never prints a key it was given', async () => {
    const noKey = await runCli(['generate', 'x'], { ...env, WAN_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/API key/);
    const wrong = await runCli(['generate', 'x', '--json'], { ...env, WAN_API_KEY: 'sk-wrong-secret-key-42' });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).generation.error.code).toBe('auth');
    expect(wrong.stderr + wrong.stdout).not.toContain('sk-wrong-secret-key-42');
    expect(wrong.stderr).toMatch(/API key was rejected/);
  });

  it('reports a failed generation with exit 1, the error in the JSON, and keeps the record', async () => {
    const r = await runCli(['generate', 'bad [[sim task=fail code=DataInspectionFailed]]', '--json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/content review/);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation).toMatchObject({ status: 'failed', error: { code: 'moderation' } });
    const shown = JSON.parse((await runCli(['show', out.generation.id, '--json'], env)).stdout) as Entry;
    expect(shown.generation.status).toBe('failed');
  });

  it('lists, searches Chinese substrings, shows and reruns with the saved seed', async () => {
    const made = JSON.parse(
      (
        await runCli(
          ['generate', '江南水乡的清晨,薄雾笼罩着石桥', '--seed', '2024', '--model', 'wan2.7-image', '--json'],
          env,
        )
      ).stdout,
    ) as Entry;
    for (const term of ['水乡', '薄雾笼罩', '石桥 清晨']) {
      const found = JSON.parse((await runCli(['list', '--search', term, '--json'], env)).stdout) as {
        generations: Entry[];
      };
      expect(found.generations.map((g) => g.generation.id)).toContain(made.generation.id);
    }
    const none = JSON.parse((await runCli(['list', '--search', '沙漠', '--json'], env)).stdout) as {
      generations: Entry[];
    };
    expect(none.generations).toEqual([]);

    const again = JSON.parse((await runCli(['rerun', made.generation.id, '--json'], env)).stdout) as Entry;
    expect(again.generation).toMatchObject({
      seed: 2024,
      rerunOf: made.generation.id,
      prompt: made.generation.prompt,
      status: 'done',
    });
    expect(again.images[0]!.sha256).toBe(made.images[0]!.sha256);
    const varied = JSON.parse(
      (await runCli(['rerun', made.generation.id, '--new-seed', '--json'], env)).stdout,
    ) as Entry;
    expect(varied.generation.seed).not.toBe(2024);

    const listed = await runCli(['list', '--limit', '2'], env);
    expect(listed.stdout).toContain(varied.generation.id);
    expect(listed.stdout.split('\n').filter((l) => /^\w{19}\s/.test(l))).toHaveLength(2);
  });

  it('resumes a job killed with SIGKILL while polling, with no second create', async () => {
    const before = ctx.sim.state.stats.creates;
    const { child, result } = startCli(
      ['generate', `killed while polling ${Date.now()} [[sim duration=2500]]`, '--json'],
      env,
    );
    const db = new BetterSqlite3(join(home.path, 'library.sqlite'), { readonly: true, fileMustExist: false });
    let row: { id: string; task_id: string | null; status: string } | undefined;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      row = db
        .prepare(
          "SELECT id, task_id, status FROM generations WHERE prompt LIKE 'killed while polling%' ORDER BY seq DESC",
        )
        .get() as typeof row;
      if (row?.status === 'polling' && row.task_id) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    db.close();
    expect(row).toMatchObject({ status: 'polling' });
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');

    const resumed = await runCli(['resume', '--json'], env);
    expect(resumed.code).toBe(0);
    const out = JSON.parse(resumed.stdout) as { generations: Entry[] };
    const job = out.generations.find((g) => g.generation.id === row!.id)!;
    expect(job.generation).toMatchObject({ status: 'done', taskId: row!.task_id });
    expect(job.images).toHaveLength(1);
    expect(ctx.sim.state.stats.creates - before).toBe(1);
  });

  it('refuses to rerun a plain imported image with not_rerunnable and exit 2', async () => {
    const photos = join(home.path, '..', `${Date.now()}-photos`);
    mkdirSync(photos, { recursive: true });
    try {
      writeFileSync(join(photos, 'camera.png'), await solidPng(64, 48, '#884422'));
      const imported = await runCli(['import', photos, '--json'], env);
      expect(JSON.parse(imported.stdout)).toMatchObject({ plain: 1 });
      const [generationId] = JSON.parse(imported.stdout).generationIds as string[];
      // The simulator is there: sent as model "unknown", it would have answered with a gateway error.
      const refused = await runCli(['rerun', generationId!, '--json'], env);
      expect(refused.code).toBe(2);
      expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'not_rerunnable' });
    } finally {
      rmSync(photos, { recursive: true, force: true });
    }
  });
});
