import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truncatedBy } from '../../src/main/services/library/database';
import { GalleryRepository } from '../../src/main/services/library/gallery-repository';
import { DATABASE_FILE, openLibrary, type Library } from '../../src/main/services/library/library';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import { TagRepository } from '../../src/main/services/library/tag-repository';
import { ACTIVE_STATUSES } from '../../src/shared/library-types';
import { writeSyntheticLibrary } from '../fixtures/synthetic-library';
import { listedIds, tempDir } from '../helpers/library';

// What issue 13 changed for large libraries, on a small synthetic one: the same rows and counts
// whichever way a query is driven, the kept counters (migration 13) equal to counting, the cached
// counts dropped when anything changes, and the cheap open-time damage check.

const root = tempDir('wan-scale-');
let home: string;
let library: Library;
let gallery: GalleryRepository;

beforeAll(() => {
  home = join(root.path, 'lib');
  writeSyntheticLibrary(home, { generations: 1500, seed: 13 });
  library = openLibrary(home);
  gallery = new GalleryRepository(library.db);
});
afterAll(() => {
  library.close();
  root.remove();
});

type Counted = { trash: number; fav: number; n: number };
const counted = (db: BetterSqlite3.Database): Counted[] =>
  db
    .prepare(
      `SELECT deleted_at IS NOT NULL AS trash, is_favorite = 1 AS fav, count(*) AS n FROM images GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all() as Counted[];
const kept = (db: BetterSqlite3.Database): Counted[] =>
  db
    .prepare('SELECT is_trash AS trash, is_favorite AS fav, n FROM image_counts WHERE n > 0 ORDER BY 1, 2')
    .all() as Counted[];

describe('a large library', () => {
  it('pages through the cursor to the same rows as one big read, with and without filters', () => {
    for (const search of [undefined, '花店', 'fav:yes', 'tag:精选', 'model:pro 水彩风格']) {
      expect(listedIds(library, search, 37)).toEqual(listedIds(library, search, 1000));
    }
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = gallery.images({}, cursor, 251);
      pages.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = library.db
      .prepare('SELECT id FROM images WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC')
      .all() as Array<{ id: string }>;
    expect(pages).toEqual(all.map((r) => r.id));
  });

  it('lists the same generations for fav: and tag: whether the filter drives the query or is probed', () => {
    const db = library.db;
    const expected = (tagged: string): string[] =>
      (
        db
          .prepare(
            `SELECT g.id FROM generations g WHERE EXISTS (SELECT 1 FROM images i JOIN image_tags it ON it.image_id = i.id
               JOIN tags t ON t.id = it.tag_id WHERE i.generation_id = g.id AND i.deleted_at IS NULL AND t.name = ?)
             ORDER BY g.created_at DESC, g.id DESC`,
          )
          .all(tagged) as Array<{ id: string }>
      ).map((r) => r.id);
    const live = (db.prepare('SELECT id FROM images WHERE deleted_at IS NULL').all() as Array<{ id: string }>).map(
      (r) => r.id,
    );
    const tags = new TagRepository(db);
    tags.tagImages(live.slice(0, 40), ['稀有'], []); // rare: drives
    tags.tagImages(live, ['到处'], []); // on every image: probed per generation
    for (const name of ['稀有', '到处']) expect(listedIds(library, `tag:${name}`, 1000)).toEqual(expected(name));
    const favorites = (
      db
        .prepare(
          `SELECT g.id FROM generations g WHERE EXISTS (SELECT 1 FROM images i WHERE i.generation_id = g.id
             AND i.deleted_at IS NULL AND i.is_favorite = 1) ORDER BY g.created_at DESC, g.id DESC`,
        )
        .all() as Array<{ id: string }>
    ).map((r) => r.id);
    expect(listedIds(library, 'fav:yes', 1000)).toEqual(favorites);
  });

  it('returns each page of generations with its live images in order, as one generation at a time', () => {
    const entries = library.repo.listWithImages({ limit: 200 });
    expect(entries.length).toBe(200);
    for (const entry of entries) expect(entry.images).toEqual(library.repo.imagesOf(entry.generation.id));
    expect(entries.some((e) => e.images.length > 1)).toBe(true);
  });

  it('answers the queue with every unfinished job and the newest ones', () => {
    const [oldest] = library.db.prepare('SELECT id FROM generations ORDER BY seq LIMIT 1').all() as Array<{
      id: string;
    }>;
    library.repo.updateGeneration(oldest!.id, { status: 'polling' });
    const recent = library.repo.recent(5, ACTIVE_STATUSES);
    const newest = library.db.prepare('SELECT id FROM generations ORDER BY seq DESC LIMIT 5').all() as Array<{
      id: string;
    }>;
    expect(recent.map((e) => e.generation.id)).toEqual([...newest.map((r) => r.id), oldest!.id]);
    library.repo.updateGeneration(oldest!.id, { status: 'done' });
  });

  it('keeps image_counts equal to counting through favourites, trash, restore and emptying the trash', () => {
    const db = library.db;
    expect(kept(db)).toEqual(counted(db));
    const live = (
      db.prepare('SELECT id FROM images WHERE deleted_at IS NULL LIMIT 30').all() as Array<{ id: string }>
    ).map((r) => r.id);
    gallery.setFavorite(live.slice(0, 20), true);
    gallery.trash(live.slice(10, 30));
    gallery.restore(live.slice(25, 30));
    gallery.emptyTrash(live.slice(10, 15));
    expect(kept(db)).toEqual(counted(db));
    const all = (q: Parameters<GalleryRepository['count']>[0]): number =>
      gallery.images(q, undefined, 100_000).items.length;
    for (const query of [{}, { isFavorite: true }, { isTrash: true }, { isTrash: true, isFavorite: true }])
      expect(gallery.count(query)).toBe(all(query));
  });

  it('drops a cached count when this connection or another process changes the library', () => {
    const query = { model: 'wan2.7-image' as const };
    const before = gallery.count(query);
    expect(before).toBe(gallery.images(query, undefined, 100_000).items.length);
    const [first] = gallery.images(query, undefined, 1).items;
    gallery.trash([first!.id]);
    expect(gallery.count(query)).toBe(before - 1);
    // Another process (the CLI beside the app) restores it.
    const other = new BetterSqlite3(join(home, DATABASE_FILE));
    other.prepare('UPDATE images SET deleted_at = NULL WHERE id = ?').run(first!.id);
    other.close();
    expect(gallery.count(query)).toBe(before);
  });

  it('migration 13 counts an existing library, and running it again changes nothing', () => {
    const copy = join(root.path, 'older');
    writeSyntheticLibrary(copy, { generations: 300, seed: 5 });
    const older = openLibrary(copy);
    const expected = counted(older.db);
    older.db.exec(`DROP TABLE image_counts; DROP TRIGGER image_counts_insert; DROP TRIGGER image_counts_delete;
      DROP TRIGGER image_counts_update;`);
    older.db.pragma('user_version = 12');
    older.close();
    const migrated = openLibrary(copy);
    expect(migrated.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(kept(migrated.db)).toEqual(expected);
    migrated.db.pragma('user_version = 12');
    migrated.close();
    const again = openLibrary(copy);
    expect(kept(again.db)).toEqual(expected);
    again.close();
  });

  it('names a database file shorter than its header says, without reading every page', () => {
    const copy = join(root.path, 'whole.sqlite');
    const other = new BetterSqlite3(join(home, DATABASE_FILE));
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    copyFileSync(join(home, DATABASE_FILE), copy);
    expect(truncatedBy(copy)).toBeUndefined();
    const size = statSync(copy).size;
    truncateSync(copy, Math.floor(size / 3 / 4096) * 4096);
    expect(truncatedBy(copy)).toBe(size - Math.floor(size / 3 / 4096) * 4096);
    expect(readFileSync(copy).length).toBeLessThan(size);
    // A checkpoint cut short (header written, later pages not yet) with its log still there is
    // not damage: SQLite completes it from the log.
    writeFileSync(`${copy}-wal`, Buffer.alloc(4096, 1));
    expect(truncatedBy(copy)).toBeUndefined();
  });
});
