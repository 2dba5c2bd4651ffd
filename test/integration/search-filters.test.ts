import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { TagRepository } from '../../src/main/services/library/tag-repository';
import type { GalleryQuery } from '../../src/shared/contract';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { seedGeneration } from '../helpers/seeded-library';

// Each filter of the search box against a real library: exactly the right images, alone, with
// free text and with the toolbar's own filters; and the same syntax through the real CLI.

const root = tempDir('wan-search-filters-');
const home = join(root.path, 'library');
let library: Library;
let gallery: GalleryRepository;
/** Image ids by a short name. */
const img: Record<string, string> = {};
/** Generation ids by the same names. */
const gen: Record<string, string> = {};

beforeAll(async () => {
  library = openLibrary(home);
  gallery = new GalleryRepository(library.db);
  const add = async (name: string, spec: Parameters<typeof seedGeneration>[1]): Promise<string[]> => {
    const entry = await seedGeneration(library, spec);
    gen[name] = entry.generation.id;
    entry.images.forEach((image, k) => (img[entry.images.length > 1 ? `${name}${k + 1}` : name] = image.id));
    return entry.images.map((i) => i.id);
  };
  await add('sunPro', { prompt: '阳光下的花店', seed: 42, model: 'wan2.7-image-pro', size: '2048x2048' });
  await add('sunStd', { prompt: '阳光 水彩', seed: 43, model: 'wan2.7-image', size: '2688*1536' });
  await add('cat', { prompt: 'a cat in the garden', seed: 42, model: 'wan2.7-image', size: '1024x1024' });
  await add('set', { prompt: '四季组图', seed: 7, n: 3, size: '2048x2048' });
  await add('wide', { prompt: '4K 风景', seed: 8, size: '4096x2304' });
  const tags = new TagRepository(library.db);
  tags.tagImages([img.sunPro!, img.cat!], ['夏天'], []);
  tags.tagImages([img.sunStd!], ['Two Words'], []);
  tags.tagImages([img.set2!], ['夏天', 'ABC'], []);
  gallery.setFavorite([img.cat!, img.set1!], true);
  // A trashed image carrying the tag: never in a live view, nor in `list`.
  await add('gone', { prompt: '阳光 已删', seed: 42 });
  tags.tagImages([img.gone!], ['夏天'], []);
  gallery.setFavorite([img.gone!], true);
  gallery.trash([img.gone!]);
});

afterAll(() => {
  library.close();
  root.remove();
});

/** The names of every image a query shows, walking all pages (small ones, so paging is exercised). */
function names(query: GalleryQuery): string[] {
  const byId = new Map(Object.entries(img).map(([name, id]) => [id, name]));
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = gallery.images(query, cursor, 2);
    out.push(...page.items.map((i) => byId.get(i.id)!));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(gallery.count(query)).toBe(out.length);
  return out.sort();
}

const search = (text: string): string[] => names({ search: text });

describe('search filters in the gallery query', () => {
  it('tag: matches ignoring case and width, quoted names with spaces, and nothing for an unknown tag', () => {
    expect(search('tag:夏天')).toEqual(['cat', 'set2', 'sunPro']);
    expect(search('标签：夏天')).toEqual(['cat', 'set2', 'sunPro']);
    expect(search('tag:abc')).toEqual(['set2']);
    expect(search('tag:ＡＢＣ')).toEqual(['set2']);
    expect(search('tag:"two words"')).toEqual(['sunStd']);
    expect(search('tag:夏天 tag:abc')).toEqual(['set2']);
    expect(search('tag:冬天')).toEqual([]);
  });

  it('seed:, model:, size: and set: narrow by the generation', () => {
    expect(search('seed:42')).toEqual(['cat', 'sunPro']);
    expect(search('seed：４２')).toEqual(['cat', 'sunPro']);
    expect(search('model:pro')).toEqual(['set1', 'set2', 'set3', 'sunPro', 'wide']);
    expect(search('model:image')).toEqual(['cat', 'sunStd']);
    expect(search('size:2048*2048')).toEqual(['set1', 'set2', 'set3', 'sunPro']);
    expect(search('size:16:9')).toEqual(['wide']);
    expect(search('size:4K')).toEqual(['wide']);
    expect(search('set:')).toEqual(['set1', 'set2', 'set3']);
    expect(search('set:no')).toEqual(['cat', 'sunPro', 'sunStd', 'wide']);
  });

  it('fav: narrows by the image, and the trash keeps its own', () => {
    expect(search('fav:')).toEqual(['cat', 'set1']);
    expect(search('fav:no')).toEqual(['set2', 'set3', 'sunPro', 'sunStd', 'wide']);
    expect(names({ search: 'fav: tag:夏天', isTrash: true })).toEqual(['gone']);
  });

  it('mixes free text with filters, and combines with the toolbar filters (AND)', () => {
    expect(search('阳光 seed:42')).toEqual(['sunPro']);
    expect(search('阳光，tag:夏天')).toEqual([]); // "阳光，tag:夏天" is one word of free text: no space
    expect(search('阳光 tag:夏天')).toEqual(['sunPro']);
    expect(names({ search: 'seed:42', model: 'wan2.7-image' })).toEqual(['cat']);
    expect(names({ search: 'tag:夏天', tags: ['ABC'] })).toEqual(['set2']);
    expect(names({ search: 'fav:no', isFavorite: true })).toEqual([]);
  });

  it('leaves malformed filters out instead of failing', () => {
    expect(search('seed:abc')).toHaveLength(Object.keys(img).length - 1);
    expect(search('阳光 model:2.7')).toEqual(['sunPro', 'sunStd']);
  });
});

describe('wan-studio list --search with filters', { timeout: 60_000 }, () => {
  const env = (): Record<string, string> => ({ WAN_STUDIO_HOME: home, XDG_CONFIG_HOME: join(root.path, 'config') });
  type Listed = { generations: Array<{ generation: { id: string }; images: Array<{ id: string }> }> };

  it('lists the generations whose images match, keeping the --json shape', async () => {
    const out = await runCli(['list', '--search', 'tag:夏天 seed:42', '--json'], env());
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const listed = JSON.parse(out.stdout) as Listed;
    expect(listed.generations.map((g) => g.generation.id).sort()).toEqual([gen.cat, gen.sunPro].sort());
    expect(Object.keys(listed.generations[0]!).sort()).toEqual(['generation', 'images']);

    const sets = JSON.parse((await runCli(['list', '--search', '组图：是 fav:', '--json'], env())).stdout) as Listed;
    expect(sets.generations.map((g) => g.generation.id)).toEqual([gen.set]);
    // A set is listed whole, though only one of its images is a favourite.
    expect(sets.generations[0]!.images).toHaveLength(3);
    const mixed = JSON.parse(
      (await runCli(['list', '--search', '阳光 model:image', '--json'], env())).stdout,
    ) as Listed;
    expect(mixed.generations.map((g) => g.generation.id)).toEqual([gen.sunStd]);
  });

  it('refuses a malformed filter with exit 2 and says why', async () => {
    const out = await runCli(['list', '--search', 'seed:abc tag:夏天'], env());
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('seed:abc: seed "abc" is not a whole number from 0 to 2147483647');
    expect(out.stdout).toBe('');
  });
});
