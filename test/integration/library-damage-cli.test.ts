import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/main/services/library/library';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';
import { mountSmallDisk } from '../helpers/small-disk';

// A damaged library database, met by the real CLI: named at open (exit 2, the plain sentence),
// and brought back by `rebuild` from the image files and the records kept beside them.

const root = tempDir('wan-damage-');
afterAll(() => root.remove());

type Listed = {
  generations: Array<{ generation: { id: string; prompt: string; seed: number }; images: Array<{ id: string }> }>;
};

async function makeLibrary(name: string): Promise<{ home: string; ids: string[] }> {
  const home = join(root.path, name);
  const library = openLibrary(home);
  try {
    const made = await seedLibrary(library, [
      { prompt: '雨中的小猫', seed: 11 },
      { prompt: 'a lighthouse at dusk', seed: 22, n: 2 },
    ]);
    await library.recordsWritten();
    return { home, ids: made.map((m) => m.generation.id) };
  } finally {
    library.close();
  }
}

const env = (home: string): Record<string, string> => ({
  WAN_STUDIO_HOME: home,
  XDG_CONFIG_HOME: join(root.path, 'config'),
});

const SENTENCE = 'is damaged and cannot be opened — restore your last backup (wan-studio restore) or rebuild';

describe('a damaged library database', { timeout: 120_000 }, () => {
  const damages: Array<[string, (file: string) => void]> = [
    ['truncated', (file) => truncateSync(file, Math.floor(readFileSync(file).length / 3))],
    ['garbage', (file) => writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a))],
    ['zero bytes', (file) => writeFileSync(file, '')],
  ];
  for (const [kind, damage] of damages) {
    it(`${kind}: list exits 2 with library_corrupt naming the file, nothing replaced`, async () => {
      const { home } = await makeLibrary(`lib-${kind.replace(' ', '-')}`);
      const file = join(home, 'library.sqlite');
      damage(file);
      const before = readFileSync(file);
      const result = await runCli(['list', '--json'], env(home));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(SENTENCE);
      expect(result.stderr).toContain(file);
      expect(JSON.parse(result.stdout).error.code).toBe('library_corrupt');
      // Never silently made into a new, empty library.
      expect(readFileSync(file).equals(before)).toBe(true);
    });
  }

  it('a zero-byte database with no images at all is a brand-new library', async () => {
    const home = join(root.path, 'fresh');
    openLibrary(home).close();
    writeFileSync(join(home, 'library.sqlite'), '');
    const result = await runCli(['list', '--json'], env(home));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ generations: [] });
  });

  it('rebuild brings back every generation with its ids, prompt and seed, keeping the damaged file aside', async () => {
    const { home, ids } = await makeLibrary('lib-rebuild');
    const listedBefore = JSON.parse((await runCli(['list', '--json'], env(home))).stdout) as Listed;
    writeFileSync(join(home, 'library.sqlite'), Buffer.alloc(8192, 0x41));

    const rebuilt = await runCli(['rebuild', '--json'], env(home));
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    const body = JSON.parse(rebuilt.stdout) as { rebuild: { restored: number; plain: number; damagedFile: string } };
    expect(body.rebuild).toMatchObject({ restored: 3, plain: 0, failed: [] });
    expect(readFileSync(body.rebuild.damagedFile).equals(Buffer.alloc(8192, 0x41))).toBe(true);
    expect(body.rebuild.damagedFile).toMatch(/library\.sqlite\.damaged-/);

    const listed = JSON.parse((await runCli(['list', '--json'], env(home))).stdout) as Listed;
    const shape = (l: Listed): unknown =>
      l.generations
        .map((e) => ({ ...e.generation, images: e.images.map((i) => i.id) }))
        .map(({ id, prompt, seed, images }) => ({ id, prompt, seed, images }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(shape(listed)).toEqual(shape(listedBefore));
    expect(listed.generations.map((e) => e.generation.id).sort()).toEqual([...ids].sort());
    // Registered in place: no second copy of any image.
    const files = readdirSync(join(home, 'images'), { recursive: true }).map(String);
    expect(files.filter((f) => /\.png$/.test(f))).toHaveLength(3);

    // A library that opens fine is not rebuilt by accident.
    const again = await runCli(['rebuild'], env(home));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('a read-only library folder is read_only naming the folder, exit 2', async () => {
    const disk = mountSmallDisk();
    try {
      const home = join(disk.path, 'library');
      const library = openLibrary(home);
      await seedLibrary(library, [{ prompt: 'read only', seed: 3 }]);
      await library.recordsWritten();
      library.close();
      disk.readOnly();
      const result = await runCli(['list', '--json'], env(home));
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout).error.code).toBe('read_only');
      expect(result.stderr).toContain(`${home} cannot be written`);
      expect(existsSync(join(home, 'library.sqlite'))).toBe(true);
    } finally {
      disk.unmount();
    }
  });
});
