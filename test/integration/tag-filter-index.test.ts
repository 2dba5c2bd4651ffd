import type BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { isCommonMatch } from '../../src/main/services/library/search-filters';
import type { GalleryQuery } from '../../src/shared/contract';
import { writeSyntheticLibrary } from '../fixtures/synthetic-library';
import { listedIds, tempDir } from '../helpers/library';

// Migration 15: the tag filters read their matches' dates from narrow indexes (images_live_id,
// generations_id_created). A library upgraded from schema 14 gets them, and every tag filter —
// gallery pages through the cursor, counts, listed generations — answers what the rows say.
// Migrations 16 and 17 copy each tagged image's date (16), and its generation and that one's date
// (17), beside its tag; the copies stay in step with image_tags whatever writes it.

const root = tempDir('wan-tag-index-');
let library: Library;
let gallery: GalleryRepository;
const INDEXES = ['generations_id_created', 'images_live_id'];

beforeAll(() => {
  const home = join(root.path, 'lib');
  writeSyntheticLibrary(home, { generations: 1200, seed: 15 });
  // Back to schema 14, as a library written before this version.
  const older = openLibrary(home);
  older.db.exec(INDEXES.map((name) => `DROP INDEX ${name};`).join(' '));
  // What migrations 16 and 17 add goes too, so the upgrade fills them from nothing.
  older.db.exec(
    ['image_tag_times_add', 'image_tag_times_drop', 'image_tag_generations_add', 'image_tag_generations_drop']
      .map((name) => `DROP TRIGGER ${name};`)
      .join(' ') + ' DROP TABLE image_tag_times; DROP TABLE image_tag_generations;',
  );
  older.db.pragma('user_version = 14');
  // Some tagged images in the trash, and some favourites among them, so both sides are exercised.
  const tagged = older.db
    .prepare('SELECT DISTINCT image_id FROM image_tags ORDER BY image_id LIMIT 60')
    .pluck()
    .all() as string[];
  new GalleryRepository(older.db).trash(tagged.slice(0, 20));
  new GalleryRepository(older.db).setFavorite(tagged.slice(10, 40), true);
  older.close();
  library = openLibrary(home);
  gallery = new GalleryRepository(library.db);
});
afterAll(() => {
  library.close();
  root.remove();
});

const tagNames = (db: BetterSqlite3.Database): string[] =>
  db.prepare('SELECT name FROM tags ORDER BY name').pluck().all() as string[];

/** Every image a gallery query shows, page by page through the cursor. */
function pagedIds(query: GalleryQuery, limit: number): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = gallery.images(query, cursor, limit);
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** The same, worked out from the rows directly. */
function expectedIds(tag: string, options: { isTrash?: boolean; isFavorite?: boolean } = {}): string[] {
  const key = options.isTrash ? 'i.deleted_at' : 'i.created_at';
  return library.db
    .prepare(
      `SELECT i.id FROM images i WHERE ${options.isTrash ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL'}
         ${options.isFavorite ? 'AND i.is_favorite = 1' : ''}
         AND EXISTS (SELECT 1 FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id AND t.name = ?)
       ORDER BY ${key} DESC, i.id DESC`,
    )
    .pluck()
    .all(tag) as string[];
}

describe('migration 15 (the tag filters indexes)', () => {
  it('builds its indexes on a library upgraded from schema 14', () => {
    expect(library.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const names = library.db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN (${INDEXES.map(() => '?').join(', ')})`)
      .pluck()
      .all(...INDEXES) as string[];
    expect(names.sort()).toEqual(INDEXES);
  });

  it('pages and counts every tag as the rows say, live and in the trash, with favourites', () => {
    const names = tagNames(library.db);
    expect(names.length).toBeGreaterThan(10);
    let nonEmpty = 0;
    for (const tag of names)
      for (const options of [{}, { isTrash: true }, { isFavorite: true }]) {
        const expected = expectedIds(tag, options);
        if (expected.length > 0) nonEmpty++;
        const query: GalleryQuery = { ...options, tags: [tag] };
        expect(pagedIds(query, 7)).toEqual(expected);
        expect(pagedIds({ ...options, search: `tag:${tag}` }, 50)).toEqual(expected);
        expect(gallery.count(query)).toBe(expected.length);
      }
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('lists the generations with a live image carrying the tag, newest first through the cursor', () => {
    for (const tag of tagNames(library.db)) {
      const expected = library.db
        .prepare(
          `SELECT g.id FROM generations g WHERE EXISTS (SELECT 1 FROM images i JOIN image_tags it ON it.image_id = i.id
             JOIN tags t ON t.id = it.tag_id WHERE i.generation_id = g.id AND i.deleted_at IS NULL AND t.name = ?)
           ORDER BY g.created_at DESC, g.id DESC`,
        )
        .pluck()
        .all(tag) as string[];
      expect(listedIds(library, `tag:${tag}`, 9)).toEqual(expected);
    }
  });
});

/** A copy kept beside image_tags (migrations 16, 17) has exactly its entries, none with a wrong value. */
function expectCopyInStep(table: string, mismatches: string): void {
  const tags = library.db.prepare('SELECT tag_id, image_id FROM image_tags ORDER BY 1, 2').all();
  const copy = library.db.prepare(`SELECT tag_id, image_id FROM ${table} ORDER BY 1, 2`).all();
  expect(copy).toEqual(tags);
  expect(library.db.prepare(`SELECT count(*) FROM ${table} d ${mismatches}`).pluck().get()).toBe(0);
}

describe('migration 16 (each tagged image’s date beside its tag)', () => {
  const copyIsInStep = (): void =>
    expectCopyInStep('image_tag_times', 'JOIN images i ON i.id = d.image_id WHERE d.created_at != i.created_at');

  it('fills on upgrade and follows tags added, removed and images deleted for good', () => {
    copyIsInStep();
    const untagged = library.db
      .prepare('SELECT id FROM images WHERE deleted_at IS NULL AND id NOT IN (SELECT image_id FROM image_tags) LIMIT 3')
      .pluck()
      .all() as string[];
    const tag = 'migration-16-标签';
    const link = library.db.prepare(
      `INSERT INTO image_tags (image_id, tag_id) VALUES (?, (SELECT id FROM tags WHERE name = ?))`,
    );
    library.db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)').run(tag, Date.now());
    for (const id of untagged) link.run(id, tag);
    copyIsInStep();
    expect(pagedIds({ tags: [tag] }, 2)).toEqual(expectedIds(tag));
    library.db.prepare('DELETE FROM image_tags WHERE image_id = ?').run(untagged[0]);
    copyIsInStep();
    expect(pagedIds({ tags: [tag] }, 2)).toEqual(expectedIds(tag));
    gallery.emptyTrash();
    copyIsInStep();
  });
});

describe('migration 17 (each tagged image’s generation and its date beside its tag)', () => {
  const copyIsInStep = (): void =>
    expectCopyInStep(
      'image_tag_generations',
      `JOIN images i ON i.id = d.image_id JOIN generations g ON g.id = i.generation_id
       WHERE d.generation_id != g.id OR d.generation_created_at != g.created_at`,
    );

  const listed = (search: string, limit: number): string[] => listedIds(library, search, limit);

  /** The same from the rows: a generation with one live image carrying every tag (and a favourite). */
  const expectedGenerations = (
    tags: string[],
    options: { isFavorite?: boolean; model?: string; term?: string } = {},
  ): string[] =>
    library.db
      .prepare(
        `SELECT g.id FROM generations g WHERE ${options.model ? 'g.model = ? AND' : ''}
           ${options.term ? '(instr(wan_fold(g.prompt), ?) > 0 OR instr(wan_fold(g.revised_prompts), ?) > 0) AND' : ''} EXISTS (
           SELECT 1 FROM images i WHERE i.generation_id = g.id AND i.deleted_at IS NULL
             ${options.isFavorite ? 'AND i.is_favorite = 1' : ''}
             ${tags.map(() => 'AND EXISTS (SELECT 1 FROM image_tags it JOIN tags t ON t.id = it.tag_id WHERE it.image_id = i.id AND t.name = ?)').join(' ')})
         ORDER BY g.created_at DESC, g.id DESC`,
      )
      .pluck()
      .all(
        ...(options.model ? [options.model] : []),
        ...(options.term ? [options.term, options.term] : []),
        ...tags,
      ) as string[];

  it('fills on upgrade and follows tags added, removed, images and generations deleted for good', () => {
    copyIsInStep();
    const generation = library.db
      .prepare(
        `SELECT i.generation_id FROM images i WHERE i.deleted_at IS NULL
           AND i.id NOT IN (SELECT image_id FROM image_tags) GROUP BY i.generation_id HAVING count(*) >= 2 LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const images = library.db
      .prepare('SELECT id FROM images WHERE generation_id = ? ORDER BY idx')
      .pluck()
      .all(generation) as string[];
    const tag = 'migration-17-标签';
    library.db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)').run(tag, Date.now());
    const link = library.db.prepare(
      'INSERT INTO image_tags (image_id, tag_id) VALUES (?, (SELECT id FROM tags WHERE name = ?))',
    );
    for (const id of images) link.run(id, tag);
    copyIsInStep();
    // Two images of one generation carry the tag: it is listed once.
    expect(listed(`tag:${tag}`, 5)).toEqual([generation]);
    library.db.prepare('DELETE FROM image_tags WHERE image_id = ?').run(images[0]);
    copyIsInStep();
    gallery.trash(images.slice(1));
    expect(listed(`tag:${tag}`, 5)).toEqual([]);
    gallery.emptyTrash();
    copyIsInStep();
    const another = library.db.prepare('SELECT generation_id FROM images WHERE id = ?').pluck();
    const tagged = library.db.prepare('SELECT image_id FROM image_tags LIMIT 1').pluck().get() as string;
    library.db.prepare('DELETE FROM generations WHERE id = ?').run(another.get(tagged));
    copyIsInStep();
  });

  it('lists every tag with favourites, a second tag, a model and short terms as the rows say, through the cursor', () => {
    const names = tagNames(library.db).filter((name) => !name.startsWith('migration-'));
    // 光影 is in most revised prompts: common enough that the tag walks its entries beside it
    // (the other way round, the term's index drives); 水彩 is in fewer.
    expect(isCommonMatch(library.db, { table: 'generations_chars', match: '"光 影"' })).toBe(true);
    let nonEmpty = 0;
    for (const [k, tag] of names.entries()) {
      const second = names[(k + 1) % names.length]!;
      const cases: Array<[string, string[]]> = [
        [`tag:${tag}`, expectedGenerations([tag])],
        [`tag:${tag} fav:yes`, expectedGenerations([tag], { isFavorite: true })],
        [`tag:${tag} tag:${second}`, expectedGenerations([tag, second])],
        [`tag:${tag} model:pro`, expectedGenerations([tag], { model: 'wan2.7-image-pro' })],
        [`tag:${tag} 光影`, expectedGenerations([tag], { term: '光影' })],
        [`光影 tag:${tag} fav:yes`, expectedGenerations([tag], { term: '光影', isFavorite: true })],
        [`tag:${tag} 水彩`, expectedGenerations([tag], { term: '水彩' })],
      ];
      for (const [search, expected] of cases) {
        if (expected.length > 0) nonEmpty++;
        expect(listed(search, 4), search).toEqual(expected);
      }
    }
    expect(nonEmpty).toBeGreaterThan(40);
  });
});
