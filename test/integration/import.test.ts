import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportEngine } from '../../src/main/services/export/export-engine';
import { importFolder } from '../../src/main/services/export/importer';
import { requestFromRecord } from '../../src/main/services/jobs/job-records';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { TagRepository } from '../../src/main/services/library/tag-repository';
import { chunk, renderPng } from '../../src/main/services/simulator/png-render';
import { validateGenerationRequest } from '../../src/shared/generation-request';
import type { ExportFormat } from '../../src/shared/export-types';
import type { GenerationWithImages } from '../../src/shared/library-types';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// Export from one library, import into another: what a person gets back must be the same record.

let dir: ReturnType<typeof tempDir>;
let source: Library;
let target: Library;

beforeEach(() => {
  dir = tempDir('wan-import-');
  source = openLibrary(path.join(dir.path, 'source'));
  target = openLibrary(path.join(dir.path, 'target'));
});

afterEach(() => {
  source.close();
  target.close();
  dir.remove();
});

const LONG_CHINESE = '在雨后的江南水乡,一位身穿旗袍的女子撑着油纸伞走过古老的石桥,'.repeat(10).slice(0, 300);

async function exportFrom(library: Library, folder: string, format: ExportFormat, isMetadataIncluded = true) {
  const engine = new ExportEngine({ library, gallery: new GalleryRepository(library.db) });
  const view = await engine.start(
    { kind: 'query', query: {} },
    { destination: folder, format, isMetadataIncluded, layout: 'set', template: '{prompt:20}_{seed}_{index}' },
  );
  const done = await engine.wait(view.id);
  expect(done.status).toBe('done');
  return done;
}

/** The parts of a record that must survive a round trip, with the person's tags and favourites. */
const essence = (library: Library, entry: GenerationWithImages) => ({
  id: entry.generation.id,
  prompt: entry.generation.prompt,
  seed: entry.generation.seed,
  model: entry.generation.model,
  size: entry.generation.size,
  n: entry.generation.n,
  parameters: entry.generation.parameters,
  mode: entry.generation.mode,
  revisedPrompts: entry.generation.revisedPrompts,
  createdAt: entry.generation.createdAt,
  images: entry.images.map((i) => ({
    id: i.id,
    index: i.index,
    width: i.width,
    height: i.height,
    isFavorite: i.isFavorite,
    tags: new TagRepository(library.db).tagsOf(i.id),
  })),
});

describe('round trip', () => {
  for (const format of ['png', 'jpeg', 'webp'] as const)
    it(`export as ${format}, import elsewhere: same prompts, seeds and parameters, and rerunnable`, async () => {
      const made = await seedLibrary(source, [
        {
          prompt: LONG_CHINESE,
          seed: 2_147_483_000,
          revisedPrompts: ['改写后的提示词'],
          parameters: { colorPalette: 'warm' },
        },
        { prompt: 'a set, "quoted", with\nnewlines', seed: 0, n: 3, model: 'wan2.7-image', size: '1024x1024' },
        { prompt: '猫', seed: 77, parameters: { thinkingMode: false, watermark: true } },
      ]);
      // The person's marks travel too.
      new TagRepository(source.db).tagImages(
        [made[0]!.images[0]!.id, made[1]!.images[2]!.id],
        ['花店', 'Watercolour'],
        [],
      );
      new GalleryRepository(source.db).setFavorite([made[2]!.images[0]!.id], true);
      made.splice(0, made.length, ...made.map((m) => source.repo.getWithImages(m.generation.id)!));
      const folder = path.join(dir.path, `export-${format}`);
      await exportFrom(source, folder, format);

      const summary = await importFolder(target, folder);
      expect(summary).toMatchObject({ restored: 5, plain: 0, duplicates: 0, failed: [] });
      for (const original of made) {
        const back = target.repo.getWithImages(original.generation.id);
        expect(back).toBeDefined();
        expect(essence(target, back!)).toEqual(essence(source, original));
        expect(back!.generation.status).toBe('done');
        const checked = validateGenerationRequest(requestFromRecord(back!.generation), 'en');
        expect(checked.ok).toBe(true);
      }

      const again = await importFolder(target, folder);
      expect(again).toMatchObject({ restored: 0, plain: 0, duplicates: 5 });
    });

  it('restores from the manifest when metadata was left out of the files', async () => {
    const [made] = await seedLibrary(source, [{ prompt: 'no metadata inside', seed: 31, n: 2 }]);
    const folder = path.join(dir.path, 'bare');
    await exportFrom(source, folder, 'png', false);
    const summary = await importFolder(target, folder);
    expect(summary).toMatchObject({ restored: 2, plain: 0 });
    expect(essence(target, target.repo.getWithImages(made!.generation.id)!)).toEqual(essence(source, made!));
  });

  it('adds the rest of a set to the part imported before', async () => {
    const [made] = await seedLibrary(source, [{ prompt: 'split set', seed: 8, n: 2 }]);
    const first = path.join(dir.path, 'first');
    const second = path.join(dir.path, 'second');
    for (const [folder, image] of [
      [first, made!.images[0]!],
      [second, made!.images[1]!],
    ] as const) {
      const engine = new ExportEngine({ library: source, gallery: new GalleryRepository(source.db) });
      const view = await engine.start({ kind: 'images', imageIds: [image.id] }, { destination: folder });
      await engine.wait(view.id);
    }
    await importFolder(target, first);
    await importFolder(target, second);
    expect(target.repo.getWithImages(made!.generation.id)!.images.map((i) => i.index)).toEqual([0, 1]);
  });
});

describe('other images', () => {
  it('imports images from elsewhere as plain images, with an A1111 prompt when they carry one', async () => {
    const folder = path.join(dir.path, 'mixed');
    await mkdir(path.join(folder, 'nested'), { recursive: true });
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
      .jpeg()
      .toFile(path.join(folder, 'photo.jpg'));
    const a1111 =
      'masterpiece, 1girl, 樱花\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, Seed: 1234, Size: 512x768';
    await sharp({ create: { width: 32, height: 48, channels: 3, background: '#ff0000' } })
      .png()
      .toFile(path.join(folder, 'nested', 'sd.png'));
    // A tEXt chunk as Stable Diffusion UIs write it, spliced after IHDR by hand.
    const png = await readFile(path.join(folder, 'nested', 'sd.png'));
    const text = chunk('tEXt', Buffer.concat([Buffer.from('parameters\0', 'latin1'), Buffer.from(a1111, 'utf8')]));
    await writeFile(
      path.join(folder, 'nested', 'sd.png'),
      Buffer.concat([png.subarray(0, 33), text, png.subarray(33)]),
    );
    await writeFile(
      path.join(folder, 'broken.png'),
      renderPng({ prompt: 'x', seed: 1, width: 64, height: 64, index: 0, total: 1 }).subarray(0, 200),
    );
    await writeFile(path.join(folder, '.hidden.png'), 'ignored');

    const summary = await importFolder(target, folder);
    expect(summary).toMatchObject({ restored: 0, plain: 2, duplicates: 0 });
    expect(summary.failed.map((f) => f.file)).toEqual(['broken.png']);
    const records = target.repo.listWithImages({ limit: 10 });
    const sd = records.find((r) => r.generation.seed === 1234);
    expect(sd?.generation).toMatchObject({ prompt: 'masterpiece, 1girl, 樱花', size: '32x48', status: 'done' });
    const photo = records.find((r) => r.images[0]?.mime === 'image/jpeg');
    expect(photo?.generation).toMatchObject({ prompt: '', size: '40x30', model: 'unknown' });
    expect(photo?.images[0]?.thumbPath).not.toBeNull();
  });

  it('refuses a missing folder, a relative one, and the library itself', async () => {
    const refused = (folder: string) => importFolder(target, folder).catch((e: unknown) => e);
    expect(await refused(path.join(dir.path, 'nope'))).toMatchObject({ code: 'bad_folder' });
    expect(await refused('relative')).toMatchObject({ code: 'bad_folder' });
    expect(await refused(target.home)).toMatchObject({ code: 'bad_folder' });
  });
});
