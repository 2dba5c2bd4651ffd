import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportEngine } from '../../src/main/services/export/export-engine';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// What other tools see in our exports: ExifTool (the reference reader of PNG text, EXIF and XMP)
// must find the prompt, Chinese intact, where A1111-style tools and photo apps look for it.

const PROMPT = '江南水乡的清晨, "misty" canal, 水彩风格';
let dir: ReturnType<typeof tempDir>;
let library: Library;

beforeAll(async () => {
  dir = tempDir('wan-exiftool-');
  library = openLibrary(path.join(dir.path, 'library'));
  await seedLibrary(library, [{ prompt: PROMPT, seed: 424242 }]);
});

afterAll(() => {
  library.close();
  dir.remove();
});

function exiftool(file: string): Record<string, unknown> {
  let out: string;
  try {
    out = execFileSync('exiftool', ['-json', '-charset', 'utf8', file], { encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('exiftool is not installed: apt-get install libimage-exiftool-perl (see README "Test")', {
        cause: err,
      });
    throw err;
  }
  return (JSON.parse(out) as Array<Record<string, unknown>>)[0]!;
}

describe('exported metadata, as ExifTool reads it', () => {
  it.each([
    ['png', '.png', ['Parameters']],
    ['jpeg', '.jpg', ['UserComment', 'ImageDescription', 'Description']],
    ['webp', '.webp', ['UserComment', 'ImageDescription', 'Description']],
  ] as const)('%s carries the prompt and seed in %s', async (format, ext, tags) => {
    const engine = new ExportEngine({ library, gallery: new GalleryRepository(library.db) });
    const destination = path.join(dir.path, format);
    const view = await engine.start({ kind: 'query', query: {} }, { destination, format, template: 'img_{seed}' });
    expect((await engine.wait(view.id)).status).toBe('done');
    const info = exiftool(path.join(destination, `img_424242${ext}`));
    for (const tag of tags) {
      expect(String(info[tag]), tag).toContain(PROMPT);
      expect(String(info[tag]), tag).toContain('Seed: 424242');
    }
    if (format !== 'png') expect(info.Software).toBe('Wan Studio');
  });
});
