import { watch, existsSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { backupLibrary, restoreLibrary } from '../../src/main/services/library/library-backup';
import { moveLibrary } from '../../src/main/services/library/library-move';
import { renderPng } from '../../src/main/services/simulator/png-render';
import { WanError } from '../../src/main/services/wan-error';
import { runCli, startCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';
import { mountSmallDisk } from '../helpers/small-disk';

// Backups under real trouble: originals missing or changed, a SIGKILL mid-copy, a full disk.

const root = tempDir('wan-backup-damage-');
afterAll(() => root.remove());
const modeOf = (file: string): number => statSync(file).mode & 0o777;
const partials = (dir: string): string[] => readdirSync(dir).filter((name) => name.includes('.wan-partial-'));

async function makeLibrary(name: string, count: number, edge = 96): Promise<Library> {
  const library = openLibrary(join(root.path, name));
  await seedLibrary(
    library,
    Array.from({ length: count }, (_, k) => ({
      prompt: `picture ${k}`,
      seed: k,
      pixels: { width: edge, height: edge },
    })),
  );
  await library.recordsWritten();
  return library;
}

describe('backup of a library with missing and damaged images', { timeout: 120_000 }, () => {
  it('backs up the rest, lists both (CLI exit 0 with a warning), keeps private modes, and restores', async () => {
    const library = await makeLibrary('lib-problems', 4);
    const files = library.repo.imageFiles();
    const [missing, tampered] = [files[0]!, files[1]!];
    library.close();
    unlinkSync(join(library.home, missing.path));
    writeFileSync(
      join(library.home, tampered.path),
      renderPng({ prompt: 'not me', seed: 9, width: 96, height: 96, index: 0, total: 1 }),
    );

    const dest = join(root.path, 'backup-problems');
    const env = { WAN_STUDIO_HOME: library.home, XDG_CONFIG_HOME: join(root.path, 'config') };
    const result = await runCli(['backup', dest, '--json'], env);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      backup: { images: number; problems: Array<{ id: string; problem: string }> };
    };
    expect(body.backup.images).toBe(2);
    expect(body.backup.problems.map((p) => [p.id, p.problem]).sort()).toEqual(
      [
        [missing.id, 'missing'],
        [tampered.id, 'damaged'],
      ].sort(),
    );
    expect(result.stderr).toMatch(/warning: 2 images were not backed up/);
    expect(result.stderr).toContain(tampered.path);
    expect(existsSync(join(dest, tampered.path))).toBe(false);
    expect(existsSync(join(dest, files[2]!.path))).toBe(true);
    expect(modeOf(join(dest, 'library.sqlite'))).toBe(0o600);
    expect(modeOf(dest)).toBe(0o700);
    expect(modeOf(join(dest, 'images'))).toBe(0o700);

    const restored = await restoreLibrary(dest, join(root.path, 'restored'));
    expect(restored.images).toBe(4);
    expect(existsSync(join(restored.home, files[3]!.path))).toBe(true);
  });

  it('a moved library keeps private modes too', async () => {
    const library = await makeLibrary('lib-move', 1);
    try {
      const moved = await moveLibrary(library, join(root.path, 'moved'), { defaultHome: join(root.path, 'nohome') });
      expect(modeOf(join(moved.libraryPath, 'library.sqlite'))).toBe(0o600);
      expect(modeOf(moved.libraryPath)).toBe(0o700);
    } finally {
      library.close();
    }
  });
});

describe('an interrupted backup leaves nothing behind', { timeout: 120_000 }, () => {
  let library: Library;
  beforeAll(async () => {
    library = await makeLibrary('lib-kill', 40, 512);
    library.close();
  });

  it('SIGKILL mid-backup: the next backup into the same parent sweeps the dead one’s stage', async () => {
    const parent = join(root.path, 'kill-parent');
    const env = { WAN_STUDIO_HOME: library.home, XDG_CONFIG_HOME: join(root.path, 'config') };
    const { mkdirSync } = await import('node:fs');
    mkdirSync(parent);
    // A live stranger's folder that merely looks like ours is never touched.
    mkdirSync(join(parent, 'mine.wan-partial-1-0000abcd'));
    const watcher = watch(parent);
    const appeared = new Promise<void>((resolve) =>
      watcher.on('change', () => {
        if (partials(parent).some((n) => !n.startsWith('mine'))) resolve();
      }),
    );
    const run = startCli(['backup', join(parent, 'first')], env);
    await appeared;
    run.child.kill('SIGKILL');
    const killed = await run.result;
    watcher.close();
    expect(killed.signal).toBe('SIGKILL');
    expect(partials(parent).length).toBe(2);
    expect(existsSync(join(parent, 'first'))).toBe(false);

    const next = await runCli(['backup', join(parent, 'second')], env);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(partials(parent)).toEqual(['mine.wan-partial-1-0000abcd']);
  });

  it('a full disk: disk_full naming the folder and the space needed, nothing left, no "resume"', async () => {
    const disk = mountSmallDisk(4 * 1024 * 1024);
    try {
      const reopened = openLibrary(library.home);
      try {
        disk.fill(256 * 1024);
        const dest = join(disk.path, 'backup');
        const err = await backupLibrary(reopened, dest).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WanError);
        expect((err as WanError).code).toBe('disk_full');
        expect((err as WanError).path).toBe(disk.path);
        expect((err as WanError).neededBytes).toBeGreaterThan(256 * 1024);
        expect((err as WanError).message).toContain(`at ${disk.path}`);
        expect((err as WanError).message).toMatch(/free at least [\d.]+ [KMG]B there/);
        expect((err as WanError).message).not.toMatch(/resume/i);
        expect(readdirSync(disk.path).filter((n) => !n.startsWith('.small-disk'))).toEqual([]);
      } finally {
        reopened.close();
      }
    } finally {
      disk.unmount();
    }
  });
});
