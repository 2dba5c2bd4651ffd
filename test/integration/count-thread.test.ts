import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountThread } from '../../src/main/services/library/count-thread';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import type { GalleryQuery } from '../../src/shared/contract';
import { writeSyntheticLibrary } from '../fixtures/synthetic-library';
import { tempDir } from '../helpers/library';

// The gallery's filtered counts on their own thread (count-thread.ts): the same totals as the
// main connection counts, kept until the library changes, and counted here when the thread cannot be.

const root = tempDir('wan-count-thread-');
let library: Library;
let gallery: GalleryRepository;
const thread = new CountThread();

beforeAll(() => {
  const home = join(root.path, 'lib');
  writeSyntheticLibrary(home, { generations: 600, seed: 21 });
  library = openLibrary(home);
  gallery = new GalleryRepository(library.db);
});
afterAll(async () => {
  await thread.close();
  library.close();
  root.remove();
});

const QUERIES: GalleryQuery[] = [
  { model: 'wan2.7-image' },
  { search: '花店' },
  { tags: ['精选'] },
  { search: 'tag:建筑 fav:yes' },
  { isStacked: true },
  { isTrash: true, search: '水彩' },
];

/** The count worked out on a fresh repository (no cache), on the main connection. */
const direct = (query: GalleryQuery): number => new GalleryRepository(library.db).count(query);

describe('the count thread', () => {
  it('counts every filtered view as the main connection does, on the thread', async () => {
    for (const query of QUERIES) expect(await thread.count(gallery, query)).toBe(direct(query));
    expect(thread.answered).toBe(QUERIES.length);
  });

  it('answers again from the cache, and counts again on the thread once the library changes', async () => {
    const query = QUERIES[0]!;
    const before = await thread.count(gallery, query);
    const answered = thread.answered;
    expect(await thread.count(gallery, query)).toBe(before);
    expect(thread.answered).toBe(answered);
    const [first] = gallery.images(query, undefined, 1).items;
    gallery.trash([first!.id]);
    expect(await thread.count(gallery, query)).toBe(before - 1);
    expect(thread.answered).toBe(answered + 1);
    gallery.restore([first!.id]);
    expect(await thread.count(gallery, query)).toBe(before);
  });

  it('answers a count asked before its library closed', async () => {
    const other = openLibrary(join(root.path, 'lib'));
    const asked = thread.count(new GalleryRepository(other.db), { search: '水彩 fav:yes' });
    other.close();
    expect(await asked).toBe(direct({ search: '水彩 fav:yes' }));
  });

  it('counts on the main connection when the thread cannot start', async () => {
    const broken = new CountThread({ workerFile: join(root.path, 'no-such-worker.js') });
    const fresh = new GalleryRepository(library.db);
    for (const query of QUERIES.slice(0, 3)) expect(await broken.count(fresh, query)).toBe(direct(query));
    expect(broken.answered).toBe(0);
    await broken.close();
  });
});
