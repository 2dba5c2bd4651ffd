import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportEngine, tempPathFor, type ExportEvent } from '../../src/main/services/export/export-engine';
import { readEmbeddedMetadata } from '../../src/main/services/export/metadata';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import type { ExportOptionsInput } from '../../src/shared/export-types';
import type { GenerationWithImages } from '../../src/shared/library-types';
import { tempDir } from '../helpers/library';
import { seedGeneration, seedLibrary } from '../helpers/seeded-library';
import { filesUnder } from '../helpers/files';

// The export engine against a real library (SQLite + files) and real folders.

let dir: ReturnType<typeof tempDir>;
let library: Library;
let engine: ExportEngine;
let out: string;

beforeEach(() => {
  dir = tempDir('wan-export-');
  library = openLibrary(path.join(dir.path, 'library'));
  engine = new ExportEngine({ library, gallery: new GalleryRepository(library.db), progressIntervalMs: 0 });
  out = path.join(dir.path, 'out');
});

afterEach(async () => {
  await engine.stop();
  library.close();
  dir.remove();
});

const imageFiles = async (root: string): Promise<string[]> =>
  (await filesUnder(root)).filter((f) => /\.(png|jpg|webp)$/.test(f));

async function exportAll(options: Partial<ExportOptionsInput>, ids?: string[]) {
  const started = await engine.start(ids ? { kind: 'images', imageIds: ids } : { kind: 'query', query: {} }, {
    destination: out,
    ...options,
  });
  return engine.wait(started.id);
}

const imageIds = (entries: GenerationWithImages[]): string[] => entries.flatMap((e) => e.images.map((i) => i.id));

describe('export', () => {
  it('writes every chosen image under the template, with metadata and both manifests', async () => {
    const made = await seedLibrary(library, [
      { prompt: '花店门口的小猫, watercolor', seed: 42, revisedPrompts: ['一只小猫坐在花店门口'] },
      { prompt: 'a lighthouse at dawn', seed: 7, n: 2 },
    ]);
    const done = await exportAll({ template: '{seed}_{index}_{prompt:4}', layout: 'flat' });
    expect(done).toMatchObject({ status: 'done', total: 3, done: 3, skipped: 0, failed: 0 });
    expect(await imageFiles(out)).toEqual(['42_01_花店门口.png', '7_01_a li.png', '7_02_a li.png'].sort());

    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.items).toHaveLength(3);
    const cat = manifest.items.find((i: { seed: number }) => i.seed === 42);
    expect(cat).toMatchObject({
      file: '42_01_花店门口.png',
      prompt: '花店门口的小猫, watercolor',
      revisedPrompt: '一只小猫坐在花店门口',
      model: 'wan2.7-image-pro',
      size: '2048x2048',
      imageId: made[0]!.images[0]!.id,
      originalSha256: made[0]!.images[0]!.sha256,
    });
    const bytes = readFileSync(path.join(out, cat.file));
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(cat.sha256);
    expect(cat.bytes).toBe(bytes.byteLength);

    const csv = await readFile(path.join(out, 'manifest.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFfile,prompt,')).toBe(true);
    expect(csv).toContain('"花店门口的小猫, watercolor"');
    expect(csv.trim().split('\r\n')).toHaveLength(4);

    const meta = await readEmbeddedMetadata(path.join(out, cat.file));
    expect(meta.wan).toMatchObject({ prompt: '花店门口的小猫, watercolor', seed: 42, imageId: cat.imageId });
    expect(meta.parameters).toContain('Seed: 42');
  });

  it('keeps the original PNG pixels, and leaves metadata out when asked', async () => {
    const [g] = await seedLibrary(library, [{ prompt: 'plain copy', seed: 3 }]);
    await exportAll({ template: '{id}', isMetadataIncluded: false });
    const original = await readFile(library.store.absolute(g!.images[0]!.path));
    expect(await readFile(path.join(out, `${g!.images[0]!.id}.png`))).toEqual(original);
    await exportAll({ template: '{id}-meta', isMetadataIncluded: true });
    const withMeta = path.join(out, `${g!.images[0]!.id}-meta.png`);
    const [a, b] = await Promise.all([
      sharp(original).raw().toBuffer(),
      sharp(await readFile(withMeta))
        .raw()
        .toBuffer(),
    ]);
    expect(b.equals(a)).toBe(true);
  });

  it('previews the names it will write: set numbers and clashes counted over the whole selection', async () => {
    const at = Date.UTC(2026, 4, 3, 12, 0, 0);
    // Seven sets and a single, all with one seed. Picked: the last two sets and the single (what a
    // gallery shows first): the export numbers those sets 001 and 002 and keeps equal names apart.
    const made = await seedLibrary(library, [
      ...Array.from({ length: 7 }, (_, i) => ({ prompt: `set ${i + 1}`, seed: 9, n: 2, createdAt: at + i * 1000 })),
      { prompt: 'single', seed: 9, createdAt: at + 9000 },
    ]);
    const options = { template: '{seed}', layout: 'set', format: 'png' } as const;
    const picked = { kind: 'images', imageIds: imageIds(made.slice(5)).reverse() } as const;
    const preview = engine.preview(picked, options, 3);
    expect(preview.total).toBe(5);
    const done = await engine.wait((await engine.start(picked, { destination: out, ...options })).id);
    expect(done.status).toBe('done');
    const written = await imageFiles(out);
    expect(preview.paths).toEqual(['001_set 6/9.png', '001_set 6/9 (2).png', '002_set 7/9.png']);
    for (const rel of preview.paths) expect(written).toContain(rel);
    const all = engine.preview({ kind: 'query', query: {} }, options, 50);
    expect(all.total).toBe(15);
    expect(all.paths.filter((p) => p.startsWith('007_'))).toEqual(['007_set 7/9.png', '007_set 7/9 (2).png']);
    expect(all.paths.at(-1)).toBe('9.png');
  });

  it('lays files out by date, by generation, and image sets as numbered folders', async () => {
    const at = Date.UTC(2026, 4, 3, 12, 0, 0);
    await seedLibrary(library, [
      { prompt: 'single one', seed: 1, createdAt: at },
      { prompt: 'a set of three', seed: 2, n: 3, createdAt: at + 1000 },
      { prompt: 'another set', seed: 3, n: 2, createdAt: at + 2000 },
    ]);
    const day = new Date(at);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;

    out = path.join(dir.path, 'by-date');
    await exportAll({ template: '{seed}_{index}', layout: 'date' });
    expect(await imageFiles(out)).toEqual(
      ['1_01', '2_01', '2_02', '2_03', '3_01', '3_02'].map((n) => `${date}/${n}.png`),
    );

    out = path.join(dir.path, 'by-set');
    await exportAll({ template: '{seed}_{index}', layout: 'set' });
    expect(await imageFiles(out)).toEqual([
      '001_a set of three/2_01.png',
      '001_a set of three/2_02.png',
      '001_a set of three/2_03.png',
      '002_another set/3_01.png',
      '002_another set/3_02.png',
      '1_01.png',
    ]);

    out = path.join(dir.path, 'by-generation');
    await exportAll({ template: '{index}', layout: 'generation' });
    const folders = new Set((await imageFiles(out)).map((f) => f.split('/')[0]));
    expect(folders.size).toBe(3);
    for (const folder of folders) expect(folder).toMatch(new RegExp(`^${date}_`));
  });

  it('numbers images whose template gives the same name, whatever the conflict policy', async () => {
    await seedLibrary(library, [{ prompt: 'same', seed: 5, n: 3 }]);
    const done = await exportAll({ template: '{seed}', onConflict: 'overwrite' });
    expect(done.done).toBe(3);
    expect(await imageFiles(out)).toEqual(['5 (2).png', '5 (3).png', '5.png']);
  });

  it('skips, renames or overwrites files that were already there', async () => {
    const [g] = await seedLibrary(library, [{ prompt: 'clash', seed: 9 }]);
    const target = path.join(out, '9.png');
    await mkdir(out, { recursive: true });
    await writeFile(target, 'mine, not an export');

    const skipped = await exportAll({ template: '{seed}', onConflict: 'skip' });
    expect(skipped).toMatchObject({ status: 'done', done: 0, skipped: 1 });
    expect(await readFile(target, 'utf8')).toBe('mine, not an export');

    const renamed = await exportAll({ template: '{seed}', onConflict: 'rename' });
    expect(renamed.done).toBe(1);
    expect(await readFile(target, 'utf8')).toBe('mine, not an export');
    expect(existsSync(path.join(out, '9 (2).png'))).toBe(true);

    await exportAll({ template: '{seed}', onConflict: 'overwrite', isMetadataIncluded: false });
    expect(await readFile(target)).toEqual(await readFile(library.store.absolute(g!.images[0]!.path)));
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    // Batches into one folder keep one complete manifest.
    expect(manifest.items.map((i: { file: string }) => i.file).sort()).toEqual(['9 (2).png', '9.png']);
  });

  it('converts to JPEG and WebP at the chosen quality, metadata included', async () => {
    await seedLibrary(library, [{ prompt: '赛博朋克城市 at night', seed: 11, pixels: { width: 256, height: 192 } }]);
    for (const format of ['jpeg', 'webp'] as const) {
      out = path.join(dir.path, format);
      const done = await exportAll({ template: '{seed}', format, quality: 70 });
      expect(done.status).toBe('done');
      const [file] = await imageFiles(out);
      expect(file).toBe(format === 'jpeg' ? '11.jpg' : '11.webp');
      const info = await sharp(path.join(out, file!)).metadata();
      expect(info).toMatchObject({ format, width: 256, height: 192 });
      const meta = await readEmbeddedMetadata(path.join(out, file!));
      expect(meta.wan).toMatchObject({ prompt: '赛博朋克城市 at night', seed: 11 });
    }
  });

  it('writes nothing outside the chosen folder, whatever the prompt or template says', async () => {
    await seedLibrary(library, [
      { prompt: '../../../../etc/passwd', seed: 1 },
      { prompt: 'C:\\Windows\\System32\\evil', seed: 2 },
      { prompt: 'CON', seed: 3 },
      { prompt: '..', seed: 4 },
      { prompt: `${'江南水乡的清晨薄雾中'.repeat(30)}`, seed: 5 },
    ]);
    const done = await exportAll({ template: '{prompt:300}', layout: 'generation' });
    expect(done).toMatchObject({ status: 'done', done: 5 });
    const outside = (await filesUnder(dir.path)).filter((f) => !f.startsWith('out/') && !f.startsWith('library/'));
    expect(outside).toEqual([]);
    for (const file of await filesUnder(out)) {
      for (const segment of file.split('/')) {
        expect(segment).not.toMatch(/^\.\.?$/);
        expect(segment).not.toMatch(/[\\:*?"<>|]/);
        expect(segment).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
        expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
        expect(Buffer.from(segment).toString('utf8')).toBe(segment);
      }
    }
  });

  it('refuses a folder inside the library, a relative path, and a symlink leading out', async () => {
    await seedLibrary(library, [{ prompt: 'guarded', seed: 1, createdAt: Date.UTC(2026, 0, 15, 12) }]);
    const refused = (options: Partial<ExportOptionsInput>) =>
      engine.start({ kind: 'query', query: {} }, { destination: out, ...options }).catch((e: unknown) => e);
    expect(await refused({ destination: path.join(library.home, 'exports') })).toMatchObject({ code: 'bad_folder' });
    expect(await refused({ destination: 'relative/folder' })).toMatchObject({ code: 'bad_folder' });
    expect(await refused({ destination: '/proc/wan-studio-no-such/out' })).toMatchObject({ code: 'bad_folder' });
    expect(await refused({ template: 'no tokens at all' })).toMatchObject({
      code: 'invalid_input',
      field: 'template',
    });
    expect(await refused({ template: '{seed}_{nope}' })).toMatchObject({ code: 'invalid_input', field: 'template' });

    const elsewhere = path.join(dir.path, 'elsewhere');
    await mkdir(elsewhere);
    await mkdir(out);
    await symlink(elsewhere, path.join(out, '2026-01-15'));
    const view = await exportAll({ layout: 'date', template: '{seed}' });
    expect(view.status).toBe('failed');
    expect(view.error?.code).toBe('bad_folder');
    expect(await filesUnder(elsewhere)).toEqual([]);

    // A dangling link where the date folder goes: an error, not a hang.
    await rm(path.join(out, '2026-01-15'));
    await symlink(path.join(dir.path, 'unplugged-drive'), path.join(out, '2026-01-15'));
    const dangling = await exportAll({ layout: 'date', template: '{seed}', onConflict: 'rename' });
    expect(dangling.status).toBe('failed');
    expect(dangling.error?.code).toBe('write_failed');
  });

  it('exports one image, a whole generation, or a query less the unticked', async () => {
    const made = await seedLibrary(library, [
      { prompt: 'red fox', seed: 1, n: 2 },
      { prompt: 'blue whale', seed: 2 },
    ]);
    const one = await exportAll({ template: '{id}' }, [made[1]!.images[0]!.id]);
    expect(one.total).toBe(1);

    const byGeneration = await engine.start(
      { kind: 'generations', generationIds: [made[0]!.generation.id] },
      { destination: path.join(dir.path, 'g'), template: '{id}' },
    );
    expect((await engine.wait(byGeneration.id)).done).toBe(2);

    const query = await engine.start(
      { kind: 'query', query: { search: 'fox' }, exceptImageIds: [made[0]!.images[1]!.id] },
      { destination: path.join(dir.path, 'q'), template: '{id}' },
    );
    expect(await imageFiles(path.join(dir.path, 'q'))).toEqual([]);
    expect((await engine.wait(query.id)).done).toBe(1);
    expect(await imageFiles(path.join(dir.path, 'q'))).toEqual([`${made[0]!.images[0]!.id}.png`]);

    const missing = await engine
      .start({ kind: 'images', imageIds: ['no-such-image'] }, { destination: out })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'not_in_library' });
  });
});

describe('stopping and resuming', () => {
  it('a cancel leaves no partial file, and resume finishes the rest', async () => {
    const made = await seedLibrary(
      library,
      Array.from({ length: 12 }, (_, k) => ({ prompt: `batch ${k}`, seed: k, pixels: { width: 512, height: 512 } })),
    );
    const events: ExportEvent[] = [];
    engine.on((e) => events.push(e));
    const started = await engine.start({ kind: 'images', imageIds: imageIds(made) }, { destination: out });
    await new Promise<void>((resolve) => {
      const off = engine.on((e) => {
        if (e.name === 'export.progressed' && e.payload.done >= 2) {
          off();
          resolve();
        }
      });
    });
    expect(engine.cancel(started.id)).toBe(true);
    const canceled = await engine.wait(started.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.done).toBeLessThan(12);
    const files = await filesUnder(out);
    expect(files.filter((f) => f.includes('.wan-part'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(canceled.done);
    for (const f of files) expect((await stat(path.join(out, f))).size).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ name: 'export.finished', payload: { status: 'canceled' } });

    engine.resume(started.id);
    const resumed = await engine.wait(started.id);
    expect(resumed).toMatchObject({ status: 'done', done: 12, failed: 0 });
    expect(await imageFiles(out)).toHaveLength(12);
    expect(JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8')).items).toHaveLength(12);
  });

  it('keeps a file published before a kill, and rewrites one killed mid-write', async () => {
    const made = await seedLibrary(library, [
      { prompt: 'published before the kill', seed: 1 },
      { prompt: 'killed mid-write', seed: 2 },
    ]);
    const started = await engine.start(
      { kind: 'images', imageIds: imageIds(made) },
      { destination: out, template: '{seed}' },
    );
    await engine.wait(started.id);
    // Rewind to what a SIGKILL would have left: neither recorded, one file in place, one only a temp.
    const [first, second] = engine.repo.items(started.id);
    library.db.prepare("UPDATE export_items SET status = 'pending' WHERE export_id = ?").run(started.id);
    library.db.prepare("UPDATE exports SET status = 'running' WHERE id = ?").run(started.id);
    const secondAbs = path.join(out, second!.finalPath!);
    await rm(secondAbs);
    await writeFile(tempPathFor(secondAbs, started.id, second!.seq), 'half a png');
    const before = await stat(path.join(out, first!.finalPath!));

    expect(engine.resumeUnfinished()).toEqual([started.id]);
    const done = await engine.wait(started.id);
    expect(done).toMatchObject({ status: 'done', done: 2 });
    expect((await stat(path.join(out, first!.finalPath!))).mtimeMs).toBe(before.mtimeMs);
    expect(engine.repo.items(started.id)[0]!.sha256).toBe(first!.sha256);
    expect((await readFile(secondAbs)).subarray(1, 4).toString()).toBe('PNG');
    expect((await filesUnder(out)).filter((f) => f.includes('.wan-part'))).toEqual([]);
  });

  it('leaves an export another live process is writing to that process', async () => {
    const made = await seedLibrary(library, [{ prompt: 'owned elsewhere', seed: 1 }]);
    const started = await engine.start({ kind: 'images', imageIds: imageIds(made) }, { destination: out });
    await engine.wait(started.id);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      library.db
        .prepare("UPDATE exports SET status = 'interrupted', runner_pid = ? WHERE id = ?")
        .run(other.pid, started.id);
      library.db.prepare("UPDATE export_items SET status = 'pending' WHERE export_id = ?").run(started.id);
      expect(engine.resumeUnfinished()).toEqual([]);
      expect(() => engine.resume(started.id)).toThrow(expect.objectContaining({ code: 'library_busy' }));
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    expect(engine.resumeUnfinished()).toEqual([started.id]);
    expect(await engine.wait(started.id)).toMatchObject({ status: 'done', done: 1 });
  });

  it('a full disk fails the export with a clear error and no partial file', async () => {
    await mkdir(out, { recursive: true });
    let isMounted = process.getuid?.() === 0;
    try {
      if (isMounted) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', out], { stdio: 'ignore' });
    } catch {
      isMounted = false;
    }
    if (!isMounted) {
      // Without root: a destination under a plain file cannot be made, and says so before writing.
      await writeFile(path.join(dir.path, 'plain-file'), 'x');
      await seedGeneration(library, { prompt: 'nowhere to go', seed: 1 });
      const refused = await engine
        .start({ kind: 'query', query: {} }, { destination: path.join(dir.path, 'plain-file', 'out') })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'bad_folder' });
      return;
    }
    try {
      await seedLibrary(
        library,
        Array.from({ length: 6 }, (_, k) => ({ prompt: `big ${k}`, seed: k, pixels: { width: 512, height: 512 } })),
      );
      const view = await exportAll({ template: '{seed}' });
      expect(view.status).toBe('failed');
      // Named as what it is, with the folder: the export resumes once space is freed there.
      expect(view.error).toMatchObject({ code: 'disk_full' });
      expect(view.error?.message).toContain(`at ${out}`);
      expect(view.error?.detail).toMatch(/ENOSPC/);
      const files = await filesUnder(out);
      expect(files.filter((f) => f.includes('.wan-part'))).toEqual([]);
      for (const f of files.filter((f) => f.endsWith('.png')))
        expect(await sharp(path.join(out, f)).metadata()).toMatchObject({ width: 512 });
    } finally {
      execFileSync('umount', ['-l', out], { stdio: 'ignore' });
    }
  });
});
