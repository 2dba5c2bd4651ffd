import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engineRig, tempDir, type EngineRig } from '../helpers/library';
import { runCli } from '../helpers/cli';
import { request, useSimulator } from '../helpers/simulator';

// The job engine as users drive it: the real CLI in its own process, against the simulator's
// faults, beside another process on the same library, and onto a disk that fills up.

const ctx = useSimulator({ taskDurationMs: 200 });
const home = tempDir('wan-cli-jobs-');
let env: Record<string, string>;
beforeAll(() => {
  env = { WAN_STUDIO_HOME: home.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key };
});
afterAll(() => home.remove());
const rigs: EngineRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

type Entry = {
  generation: { id: string; status: string; error: { code: string; message: string } | null; billedImages: number };
  images: Array<{ path: string; sha256: string }>;
  retry?: { action: string; costsNewImage: boolean };
};

function createsFor(marker: string): number {
  let n = 0;
  for (const task of ctx.sim.state.tasks.values()) if (task.request.prompt.includes(marker)) n++;
  return n;
}

describe('the job engine through the CLI', { timeout: 90_000 }, () => {
  it('a run of cut-off and malformed poll replies, then 503s, loses nothing', async () => {
    const marker = `flaky poll ${Date.now()}`;
    const r = await runCli(
      ['generate', `${marker} [[sim on=poll malformed times=3]] [[sim on=poll status=503 times=3]]`, '--json'],
      env,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation.status).toBe('done');
    expect(out.images).toHaveLength(1);
    expect(createsFor(marker)).toBe(1);
  });

  it('retry says it bills nothing and downloads again instead of generating again', async () => {
    const marker = `retry dl ${Date.now()}`;
    // Two 404s: the link, then the renewed link; the job stops as expired with its results saved.
    const first = await runCli(['generate', `${marker} [[sim on=download status=404 times=2]]`, '--json'], env);
    expect(first.code).toBe(1);
    const failed = JSON.parse(first.stdout) as Entry;
    expect(failed.generation).toMatchObject({ status: 'failed', error: { code: 'expired' } });
    const again = await runCli(['retry', failed.generation.id, '--json'], env);
    expect(again.stderr).toContain('no new image is billed');
    expect(again.code).toBe(0);
    const out = JSON.parse(again.stdout) as Entry;
    expect(out).toMatchObject({
      generation: { id: failed.generation.id, status: 'done' },
      retry: { action: 'download', costsNewImage: false },
    });
    expect(out.images).toHaveLength(1);
    expect(createsFor(marker)).toBe(1);

    const refused = await runCli(['retry', failed.generation.id, '--json'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot be used as given.*only a failed, interrupted or canceled job/s);
  });

  it('resume in a second process leaves a live owner’s queued and polling jobs alone', async () => {
    const owner = engineRig(ctx.sim, home.path, { maxConcurrent: () => 2 });
    rigs.push(owner);
    const marker = `owned ${Date.now()}`;
    const ids = Array.from(
      { length: 5 },
      (_, i) => owner.engine.start(request({ prompt: `${marker} ${i} [[sim duration=1500]]` })).generationId,
    );
    const r = await runCli(['resume', '--json'], env);
    expect(r.code).toBe(0);
    const resumed = (JSON.parse(r.stdout) as { generations: Entry[] }).generations.map((g) => g.generation.id);
    expect(resumed.filter((id) => ids.includes(id))).toEqual([]);
    await Promise.all(ids.map((id) => owner.engine.wait(id)));
    expect(createsFor(marker)).toBe(5);
  });
});

const isRoot = process.getuid?.() === 0;

describe('a disk that fills up part-way through a set', { timeout: 120_000 }, () => {
  const disk = tempDir('wan-small-disk-');
  beforeAll(() => {
    if (!isRoot) throw new Error('this test mounts a small tmpfs: run it as root (CI does)');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', disk.path]);
  });
  afterAll(() => {
    execFileSync('umount', ['-l', disk.path]);
    disk.remove();
  });

  it('stops with a sentence naming the folder, keeps what was saved, and resume fetches the rest', async () => {
    const library = join(disk.path, 'library');
    mkdirSync(library);
    const diskEnv = { ...env, WAN_STUDIO_HOME: library };
    // Open the library, then leave room for about two 2048×2048 results.
    expect((await runCli(['list'], diskEnv)).code).toBe(0);
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk.path]).toString().split('\n')[1]);
    // Room for two images, their records and the database's own writes, not for four images.
    writeFileSync(join(disk.path, 'filler'), Buffer.alloc(Math.max(0, free - 400_000)));
    const marker = `full disk ${Date.now()}`;
    let r: Awaited<ReturnType<typeof runCli>>;
    try {
      r = await runCli(['generate', marker, '--n', '4', '--size', '2048x2048', '--json'], diskEnv);
    } catch (err) {
      rmSync(join(disk.path, 'filler'));
      throw err;
    }
    if (r.code !== 1) rmSync(join(disk.path, 'filler'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation.status).toBe('failed');
    expect(out.generation.error?.code).toBe('disk_full');
    expect(r.stderr).toMatch(/The disk is full at .*library — free at least/);
    expect(r.stderr).not.toMatch(/report it/);
    // What was written is recorded: no file under images/ without its row.
    const onDisk = listFiles(join(library, 'images')).filter((f) => !f.endsWith('.wan.json'));
    expect(out.images.length).toBe(onDisk.length);
    expect(onDisk.length).toBeLessThan(4);

    rmSync(join(disk.path, 'filler'));
    const resumed = await runCli(['resume', '--json'], diskEnv);
    expect(resumed.code).toBe(0);
    const entry = (JSON.parse(resumed.stdout) as { generations: Entry[] }).generations[0]!;
    expect(entry.generation).toMatchObject({ id: out.generation.id, status: 'done' });
    expect(entry.images).toHaveLength(4);
    expect(createsFor(marker)).toBe(1);
  });

  it('when the database is full too, the job still says so, and resume finishes it from the saved results', async () => {
    const library = join(disk.path, 'tight');
    mkdirSync(library);
    const diskEnv = { ...env, WAN_STUDIO_HOME: library };
    expect((await runCli(['list'], diskEnv)).code).toBe(0);
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk.path]).toString().split('\n')[1]);
    writeFileSync(join(disk.path, 'filler3'), Buffer.alloc(Math.max(0, free - 200_000)));
    const marker = `tight disk ${Date.now()}`;
    const r = await runCli(['generate', marker, '--n', '4', '--size', '2048x2048', '--json'], diskEnv).finally(() =>
      rmSync(join(disk.path, 'filler3')),
    );
    expect(r.stderr).not.toMatch(/SqliteError|at .*\.ts:\d+/);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Entry;
    expect(out.generation).toMatchObject({ status: 'failed', error: { code: 'disk_full' } });
    const resumed = await runCli(['resume', '--json'], diskEnv);
    const entry = (JSON.parse(resumed.stdout) as { generations: Entry[] }).generations[0]!;
    expect(entry.generation).toMatchObject({ id: out.generation.id, status: 'done' });
    expect(entry.images).toHaveLength(4);
    expect(createsFor(marker)).toBe(1);
  });

  it('generating onto a disk that is already full says so, not "internal"', async () => {
    const library = join(disk.path, 'full');
    mkdirSync(library);
    const diskEnv = { ...env, WAN_STUDIO_HOME: library };
    expect((await runCli(['list'], diskEnv)).code).toBe(0);
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk.path]).toString().split('\n')[1]);
    writeFileSync(join(disk.path, 'filler2'), Buffer.alloc(Math.max(0, free - 4096)));
    const r = await runCli(['generate', `already full ${Date.now()}`, '--json'], diskEnv).finally(() =>
      rmSync(join(disk.path, 'filler2')),
    );
    expect(r.code).toBe(1);
    // Refused as the generation is written (the database is full too), or as its image is.
    const out = JSON.parse(r.stdout) as Partial<Entry> & { error?: { code: string } };
    expect(out.error?.code ?? out.generation?.error?.code).toBe('disk_full');
    expect(r.stderr).toMatch(/disk is full/i);
  });
});

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
