import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { engineRig, tempDir } from '../helpers/library';
import { request, useSimulator } from '../helpers/simulator';

const ctx = useSimulator({ taskDurationMs: 50 });
const root = tempDir('wan-care-cli-');
afterAll(() => root.remove());

/** A library with `count` one-image generations, made in-process (faster than CLI generate). */
async function seedLibrary(home: string, prompts: string[]): Promise<string[]> {
  const rig = engineRig(ctx.sim, home);
  try {
    const ids: string[] = [];
    for (const prompt of prompts) {
      const { generationId } = rig.engine.start(request({ prompt }));
      const entry = await rig.engine.wait(generationId);
      ids.push(entry.images[0]!.id);
    }
    await rig.engine.idle();
    return ids;
  } finally {
    rig.close();
  }
}

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

// Each case starts real CLI processes (tsx compiles on start), slow on a loaded machine.
describe('wan-studio library care commands', { timeout: 90_000 }, () => {
  const home = join(root.path, 'library');
  const env = (): Record<string, string> => ({ WAN_STUDIO_HOME: home, XDG_CONFIG_HOME: join(root.path, 'config') });
  let images: string[] = [];
  beforeAll(async () => {
    images = await seedLibrary(home, ['小猫', '小狗', '花店']);
  });

  it('tags images, lists tags with counts, and refuses bad input with exit 2', async () => {
    const [cat, dog] = images as [string, string];
    const added = await runCli(['tag', cat, dog, '--add', '宠物', '--add', 'Cute', '--json'], env());
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(json(added.stdout)).toEqual({
      changed: 2,
      images: [
        { id: cat, tags: ['Cute', '宠物'] },
        { id: dog, tags: ['Cute', '宠物'] },
      ],
    });
    const removed = await runCli(['tag', dog, '--remove', 'cute', '--json'], env());
    expect(json(removed.stdout)).toMatchObject({ changed: 1, images: [{ id: dog, tags: ['宠物'] }] });
    const tags = await runCli(['tags', '--json'], env());
    expect(json(tags.stdout)).toEqual({
      tags: [
        { name: 'Cute', count: 1 },
        { name: '宠物', count: 2 },
      ],
    });
    expect((await runCli(['tags'], env())).stdout).toContain('     2  宠物');

    const noFlags = await runCli(['tag', cat], env());
    expect(noFlags.code).toBe(2);
    expect(noFlags.stderr).toContain('--add');
    const unknown = await runCli(['tag', 'no-such-image', '--add', 'x', '--json'], env());
    expect(unknown.code).toBe(2);
    expect(json<{ error: { code: string } }>(unknown.stdout).error.code).toBe('not_in_library');
  });

  it('moves images to the trash, lists, restores and empties it, files included', async () => {
    const flower = images[2]!;
    expect(json((await runCli(['trash', 'add', flower, '--json'], env())).stdout)).toEqual({ changed: 1 });
    const listed = json<{ images: Array<{ id: string; path: string }>; total: number }>(
      (await runCli(['trash', 'list', '--json'], env())).stdout,
    );
    expect(listed).toMatchObject({ total: 1, images: [{ id: flower }] });
    const file = listed.images[0]!.path;
    expect(existsSync(file)).toBe(true);
    expect(json((await runCli(['trash', 'restore', flower, '--json'], env())).stdout)).toEqual({ changed: 1 });
    expect(json((await runCli(['trash', 'empty', '--json'], env())).stdout)).toEqual({ removed: 0 });
    await runCli(['trash', 'add', flower], env());
    const emptied = await runCli(['trash', 'empty'], env());
    expect(emptied.stdout).toContain('Deleted 1 images for good.');
    expect(existsSync(file)).toBe(false);
    expect((await runCli(['trash', 'sideways'], env())).code).toBe(2);
  });

  it('backs up, refuses a used folder, and restores into a new home or over one with --replace', async () => {
    const backup = join(root.path, 'backups', 'one');
    const made = await runCli(['backup', backup, '--json'], env());
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(json(made.stdout)).toMatchObject({ backup: { folder: backup, images: 2 } });
    expect(readdirSync(backup)).toContain('wan-studio-backup.json');

    const again = await runCli(['backup', backup, '--json'], env());
    expect(again.code).toBe(2);
    expect(json<{ error: { code: string } }>(again.stdout).error.code).toBe('bad_folder');
    // One sentence naming the folder and the reason (not "cannot be used here … (details)").
    expect(again.stderr.trim()).toBe(`Choose an empty folder for the backup: ${backup} already has files in it.`);

    const second = join(root.path, 'second');
    const restored = await runCli(['restore', backup, '--home', second, '--json'], env());
    expect(restored.code).toBe(0);
    expect(json(restored.stdout)).toMatchObject({ restore: { home: second, images: 2, movedAsideTo: null } });
    const listed = json<{ generations: unknown[] }>((await runCli(['list', '--home', second, '--json'], env())).stdout);
    expect(listed.generations).toHaveLength(2);

    const refused = await runCli(['restore', backup, '--home', second], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `Restore into an empty folder, or pass --replace to move the library there aside first: ${second} already holds a library.`,
    );
    const replaced = await runCli(['restore', backup, '--home', second, '--replace'], env());
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/kept in .*second\.before-restore-/);
  });

  it('moves the default library: the pointer leads every later command to the new folder', async () => {
    const config = join(root.path, 'xdg');
    const defaultHome = join(config, 'Wan Studio');
    mkdirSync(defaultHome, { recursive: true });
    await seedLibrary(defaultHome, ['搬走的图']);
    const plain = { XDG_CONFIG_HOME: config };
    const target = join(root.path, '新家');

    const moved = await runCli(['move-library', target], plain);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(`The old folder ${defaultHome} is kept`);
    expect(JSON.parse(readFileSync(join(defaultHome, 'library-location.json'), 'utf8'))).toEqual({ path: target });

    const listed = json<{ generations: Array<{ images: Array<{ path: string }> }> }>(
      (await runCli(['list', '--json'], plain)).stdout,
    );
    expect(listed.generations[0]!.images[0]!.path.startsWith(target)).toBe(true);
    expect(existsSync(join(defaultHome, 'library.sqlite'))).toBe(true);

    // `--home` naming the library the pointer leads to still counts as the default one…
    const elsewhere = join(root.path, 'elsewhere');
    const again = await runCli(['move-library', elsewhere, '--home', target, '--json'], plain);
    expect(json(again.stdout)).toMatchObject({ move: { libraryPath: elsewhere, isOldFolderKept: true } });
    const pointer = (): unknown => JSON.parse(readFileSync(join(defaultHome, 'library-location.json'), 'utf8'));
    expect(pointer()).toEqual({ path: elsewhere });
    // …but moving some other library leaves the pointer alone and says how to open it.
    const third = join(root.path, 'third');
    const unrelated = await runCli(['move-library', third, '--home', home], plain);
    expect(unrelated.code).toBe(0);
    expect(unrelated.stdout).toContain(`pass --home ${third}`);
    expect(pointer()).toEqual({ path: elsewhere });
  });
});
