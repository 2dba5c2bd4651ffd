import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectFile } from '../../src/main/services/library/byte-streams';
import { openLibrary } from '../../src/main/services/library/library';
import { runCli, startCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary, type SeedSpec } from '../helpers/seeded-library';
import { filesUnder } from '../helpers/files';

// The real CLI in its own process: export and import as a script would use them, and a SIGKILL
// in the middle of an export.

let dir: ReturnType<typeof tempDir>;
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  dir = tempDir('wan-export-cli-');
  home = path.join(dir.path, 'home');
  env = { WAN_STUDIO_HOME: home };
});

afterEach(() => dir.remove());

async function seed(specs: SeedSpec[]) {
  const library = openLibrary(home);
  try {
    return await seedLibrary(library, specs);
  } finally {
    library.close();
  }
}

describe('wan-studio export', () => {
  it('exports by id, by search and everything, with the options given', async () => {
    const made = await seed([
      { prompt: '花店门口的小猫', seed: 1 },
      { prompt: 'lighthouse at dawn', seed: 2, n: 2 },
    ]);
    const byId = path.join(dir.path, 'by-id');
    const one = await runCli(
      ['export', made[1]!.generation.id, '--to', byId, '--template', '{seed}-{index}', '--json'],
      env,
    );
    expect(one.code).toBe(0);
    const body = JSON.parse(one.stdout);
    expect(body.export).toMatchObject({ status: 'done', done: 2, destination: byId });
    expect(body.export.files.map((f: { file: string }) => f.file)).toEqual(['2-01.png', '2-02.png']);

    const bySearch = path.join(dir.path, 'by-search');
    const found = await runCli(
      ['export', '--search', '小猫', '--to', bySearch, '--format', 'jpeg', '--quality', '80', '--layout', 'date'],
      env,
    );
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/1 written, 0 skipped, 0 failed of 1/);
    expect((await filesUnder(bySearch)).filter((f) => f.endsWith('.jpg'))).toHaveLength(1);

    const all = path.join(dir.path, 'all');
    const everything = await runCli(['export', '--all', '--to', all, '--no-metadata', '--on-conflict', 'skip'], env);
    expect(everything.code).toBe(0);
    expect(await filesUnder(all)).toEqual(expect.arrayContaining(['manifest.csv', 'manifest.json']));
    expect((await filesUnder(all)).filter((f) => f.endsWith('.png'))).toHaveLength(3);
  });

  it('refuses bad flags before writing anything, with exit code 2', async () => {
    await seed([{ prompt: 'x', seed: 1 }]);
    const to = path.join(dir.path, 'never');
    for (const args of [
      ['export', '--all'],
      ['export', '--all', '--to', to, '--layout', 'spiral'],
      ['export', '--all', '--to', to, '--template', '{nope}'],
      ['export', '--all', '--to', to, '--quality', '101'],
      ['export', 'x', '--all', '--to', to],
      ['export', 'no-such-id', '--to', to],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    // Refused before anything is written: not even the folder is made.
    expect(existsSync(to)).toBe(false);
  });

  it('a SIGKILL mid-export leaves only whole files, and --resume finishes the job', async () => {
    const specs = Array.from({ length: 60 }, (_, k) => ({
      prompt: `江南水乡 ${k}`,
      seed: k,
      pixels: { width: 768, height: 768 },
    }));
    await seed(specs);
    const to = path.join(dir.path, 'killed');
    const { child, result } = startCli(
      ['export', '--all', '--to', to, '--format', 'webp', '--template', '{seed}'],
      env,
    );
    // Kill once a few files are in place: mid-export by construction.
    for (let i = 0; i < 2000; i++) {
      const written = (await filesUnder(to)).filter((f) => f.endsWith('.webp'));
      if (written.length >= 3) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');

    const left = await filesUnder(to);
    const finished = left.filter((f) => f.endsWith('.webp'));
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(finished.length).toBeLessThan(60);
    for (const file of finished) expect(await inspectFile(path.join(to, file)), file).toBeDefined();

    const resumed = await runCli(['export', '--resume', '--json'], env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).export).toMatchObject({ status: 'done', done: 60, failed: 0 });
    const after = await filesUnder(to);
    expect(after.filter((f) => f.endsWith('.webp'))).toHaveLength(60);
    expect(after.filter((f) => f.includes('.wan-part'))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(to, 'manifest.json'), 'utf8'));
    expect(manifest.items).toHaveLength(60);
    for (const file of after.filter((f) => f.endsWith('.webp')))
      expect(await inspectFile(path.join(to, file)), file).toBeDefined();
  });
});

describe('wan-studio import', () => {
  it('imports an export into another library and reports what it did', async () => {
    const made = await seed([{ prompt: '竹林里的熊猫', seed: 5, n: 2 }]);
    const to = path.join(dir.path, 'shared');
    expect((await runCli(['export', '--all', '--to', to], env)).code).toBe(0);
    const other = { WAN_STUDIO_HOME: path.join(dir.path, 'other') };
    const imported = await runCli(['import', to, '--json'], other);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ restored: 2, plain: 0, duplicates: 0, failed: [] });
    const shown = await runCli(['show', made[0]!.generation.id, '--json'], other);
    expect(JSON.parse(shown.stdout).generation).toMatchObject({ prompt: '竹林里的熊猫', seed: 5 });
    const again = await runCli(['import', to], other);
    expect(again.stdout).toMatch(/0 with their prompt and seed, 0 plain, 2 already in the library/);
  });
});
