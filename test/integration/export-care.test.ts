import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportEngine } from '../../src/main/services/export/export-engine';
import { systemFolderProblem } from '../../src/main/services/export/system-folders';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { renderPng } from '../../src/main/services/simulator/png-render';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';
import { mountSmallDisk } from '../helpers/small-disk';

// Export where the destination or the library is not as it should be: another program's
// manifest, a full disk, a system folder, an original that changed on disk.

const root = tempDir('wan-export-care-');
afterAll(() => root.remove());
let library: Library;
const env = (): Record<string, string> => ({ WAN_STUDIO_HOME: library.home, XDG_CONFIG_HOME: join(root.path, 'cfg') });

beforeAll(async () => {
  library = openLibrary(join(root.path, 'library'));
  await seedLibrary(
    library,
    Array.from({ length: 6 }, (_, k) => ({ prompt: `export ${k}`, seed: k, pixels: { width: 384, height: 384 } })),
  );
  library.close();
});

describe('export care', { timeout: 120_000 }, () => {
  it('never replaces another program’s manifest, even with --on-conflict skip, and says where ours went', async () => {
    const out = join(root.path, 'foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{"app":"someone else","files":[]}\n');
    writeFileSync(join(out, 'manifest.csv'), 'name,size\r\nholiday.jpg,1\r\n');
    const result = await runCli(['export', '--all', '--to', out, '--on-conflict', 'skip'], env());
    expect(result.code).toBe(0);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('{"app":"someone else","files":[]}\n');
    expect(readFileSync(join(out, 'manifest.csv'), 'utf8')).toBe('name,size\r\nholiday.jpg,1\r\n');
    const ours = JSON.parse(readFileSync(join(out, 'manifest-wan-studio.json'), 'utf8')) as { items: unknown[] };
    expect(ours.items).toHaveLength(6);
    expect(existsSync(join(out, 'manifest-wan-studio.csv'))).toBe(true);
    expect(result.stdout).toContain(`Manifest: ${join(out, 'manifest-wan-studio.json')}`);
    expect(result.stdout).toContain('belong to another program');

    // A second export into the folder adds to our manifest, still leaving theirs alone.
    const again = await runCli(['export', '--all', '--to', out, '--on-conflict', 'rename'], env());
    expect(again.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'manifest-wan-studio.json'), 'utf8')).items).toHaveLength(12);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('{"app":"someone else","files":[]}\n');
  });

  it('export --resume without an id finds an export that failed on a full disk, once space is back', async () => {
    const disk = mountSmallDisk(4 * 1024 * 1024);
    try {
      const out = join(disk.path, 'out');
      disk.fill(40 * 1024);
      const failed = await runCli(['export', '--all', '--to', out, '--json'], env());
      expect(failed.code).toBe(1);
      const view = (JSON.parse(failed.stdout) as { export: { id: string; status: string; error: { code: string } } })
        .export;
      expect(view).toMatchObject({ status: 'failed', error: { code: 'disk_full' } });
      expect(readdirSync(out).some((n) => n.endsWith('.wan-part'))).toBe(false);

      disk.free();
      const resumed = await runCli(['export', '--resume', '--json'], env());
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ export: { id: view.id, status: 'done', done: 6 } });
      expect(readdirSync(out).filter((n) => n.endsWith('.png'))).toHaveLength(6);
    } finally {
      disk.unmount();
    }
  });

  it('refuses /etc (bad_folder, nothing made) and other system folders, but not a folder of one’s own', async () => {
    const result = await runCli(['export', '--all', '--to', '/etc/wan-export-test', '--json'], env());
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'bad_folder' } });
    // One sentence naming the folder and the reason, without the detail repeated after it.
    expect(result.stderr.trim()).toBe(
      'Choose a folder of your own for the export: /etc/wan-export-test belongs to the system.',
    );
    expect(existsSync('/etc/wan-export-test')).toBe(false);

    const home = '/home/mei';
    for (const folder of ['/', '/etc', '/usr/share/x', '/var', '/lib64', '/proc/1', '/System/x', '/Library', home])
      expect(systemFolderProblem(folder, 'linux', home), folder).not.toBeNull();
    for (const folder of ['/var/tmp/out', '/home/mei/Pictures/Wan', '/mnt/photos', '/tmp/x'])
      expect(systemFolderProblem(folder, 'linux', home), folder).toBeNull();
    for (const folder of ['C:\\Windows\\x', 'c:\\program files (x86)\\y', 'C:\\', 'C:\\Users\\mei'])
      expect(systemFolderProblem(folder, 'win32', 'C:\\Users\\mei'), folder).not.toBeNull();
    expect(systemFolderProblem('D:\\Pictures\\Wan', 'win32', 'C:\\Users\\mei')).toBeNull();
  });

  it('exports an original that no longer matches its record, with a warning on that item', async () => {
    const opened = openLibrary(library.home);
    try {
      const image = opened.repo.imageFiles()[0]!;
      writeFileSync(
        join(opened.home, image.path),
        renderPng({ prompt: 'changed', seed: 1, width: 384, height: 384, index: 0, total: 1 }),
      );
      const engine = new ExportEngine({ library: opened, gallery: new GalleryRepository(opened.db) });
      const started = await engine.start({ kind: 'query', query: {} }, { destination: join(root.path, 'tampered') });
      const view = await engine.wait(started.id);
      expect(view).toMatchObject({ status: 'done', done: 6, failed: 0 });
      const warned = engine.repo.items(view.id).filter((i) => i.error);
      expect(warned.map((i) => i.imageId)).toEqual([image.id]);
      expect(warned[0]!.error).toContain('no longer matches its record');
    } finally {
      opened.close();
    }
  });
});
