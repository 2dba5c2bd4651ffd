import { existsSync, mkdirSync, readdirSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/main/services/library/library';
import { recordPathFor } from '../../src/main/services/library/library-records';
import { repairLibrary } from '../../src/main/services/library/library-repair';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// What a crash leaves behind, put right at start by the real CLI: thumbnails, temp files, records.

const root = tempDir('wan-repair-');
afterAll(() => root.remove());
const env = (home: string): Record<string, string> => ({
  WAN_STUDIO_HOME: home,
  XDG_CONFIG_HOME: join(root.path, 'cfg'),
  WAN_API_KEY: 'sk-test-not-used',
  WAN_BASE_URL: 'http://127.0.0.1:9',
});

describe('library repair at start', { timeout: 90_000 }, () => {
  // A thumbnail file that has gone (its row still names it) is remade when a tile asks for it
  // (thumbnails.test.ts): start-up does not look at every thumbnail of a million-image library.
  it('`resume` remakes thumbnails that were never made, and records that are missing', async () => {
    const library = openLibrary(join(root.path, 'thumbs'));
    await seedLibrary(library, [{ prompt: 'one' }, { prompt: 'two' }, { prompt: 'three' }]);
    await library.recordsWritten();
    const first = await repairLibrary(library).done;
    expect(first.thumbnailsMade).toBe(3);
    const [gone, never, kept] = library.repo.imageFiles();
    unlinkSync(join(library.home, gone!.thumbPath!));
    library.db.prepare('UPDATE images SET thumb_path = NULL WHERE id = ?').run(never!.id);
    unlinkSync(join(library.home, never!.thumbPath!));
    unlinkSync(recordPathFor(join(library.home, kept!.path)));
    // A crash between a commit and its record (records are written after each commit).
    const [late] = await seedLibrary(library, [{ prompt: 'four' }]);
    await library.recordsWritten();
    const lateImage = late!.images[0]!;
    unlinkSync(recordPathFor(join(library.home, lateImage.path)));
    library.close();

    const result = await runCli(['resume'], env(library.home));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const reopened = openLibrary(library.home);
    try {
      for (const image of reopened.repo.imageFiles()) {
        expect(image.thumbPath, image.id).not.toBeNull();
        expect(existsSync(join(reopened.home, image.thumbPath!)), image.id).toBe(image.id !== gone!.id);
        // Start-up looks only at images added since its last pass: `kept` was looked at (and had
        // its record) before the file was deleted by hand, so only the late one is written again.
        expect(existsSync(recordPathFor(join(reopened.home, image.path))), image.id).toBe(image.id !== kept!.id);
      }
      expect(reopened.repo.imageFiles().some((image) => image.id === lateImage.id)).toBe(true);
    } finally {
      reopened.close();
    }
  });

  it('any command sweeps stale and orphaned .part files, and keeps a live download’s', async () => {
    const home = join(root.path, 'tmpfiles');
    openLibrary(home).close();
    const tmp = join(home, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const deadPid = 2 ** 22 + 17; // above Linux's pid_max: never a live process
    const hoursAgo = (h: number): Date => new Date(Date.now() - h * 3600_000);
    const files = {
      stale: `img-a.${process.pid}-aaaa.part`, // two hours old, writer alive: stale all the same
      orphan: `img-b.${deadPid}-bbbb.part`, // writer gone, untouched for ten minutes
      fresh: `img-c.${process.pid}-cccc.part`, // writer alive (this test), just written
      young: `img-d.${deadPid}-dddd.part`, // writer gone but touched a moment ago: left for now
    };
    for (const name of Object.values(files)) writeFileSync(join(tmp, name), 'x');
    utimesSync(join(tmp, files.stale), hoursAgo(2), hoursAgo(2));
    utimesSync(join(tmp, files.orphan), hoursAgo(1 / 6), hoursAgo(1 / 6));

    const result = await runCli(['list'], env(home));
    expect(result.code).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual([files.fresh, files.young].sort());
  });
});
