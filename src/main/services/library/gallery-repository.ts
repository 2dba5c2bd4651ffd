import { SqlRepository } from './statement-cache';
import type { GalleryQuery } from '../../../shared/contract';
import type { GenerationParameters, GenerationStatus } from '../../../shared/library-types';
import type { ImageStore } from './image-store';
import { splitTags } from './tag-repository';
import { InputRepository } from '../inputs/input-repository';
import { GalleryWhere } from './gallery-where';

export { sizesWithRatio } from './gallery-where';

// The gallery's reads (image pages, counts, recent prompts) and its small writes (favourite,
// trash, restore, empty trash). Image pages are keyset-paged newest first, so page 500 costs what
// page 1 does.

export type GalleryRow = {
  id: string;
  generation_id: string;
  idx: number;
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  thumb_path: string | null;
  is_favorite: number;
  created_at: number;
  deleted_at: number | null;
  prompt: string;
  model: string;
  size: string;
  seed: number;
  parameters: string;
  set_size: number;
  tag_names: string | null;
};

export type GalleryItem = Omit<GalleryRow, 'parameters' | 'tag_names'> & { isSequential: boolean; tags: string[] };

/** The files of an image deleted for good, to remove once its row is gone. */
export type RemovedImage = { id: string; path: string; thumbPath: string | null };

/** Counts of filtered views kept until the library changes (see count). */
const COUNTS_KEPT = 32;

/** A generation in one of these will never add an image, so one left with none can go. */
const FINISHED_STATUSES: readonly GenerationStatus[] = ['done', 'failed', 'canceled', 'interrupted'];

export function encodeCursor(createdAt: number, id: string): string {
  return `${createdAt}:${id}`;
}

export function decodeCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const at = cursor.indexOf(':');
  const createdAt = Number(cursor.slice(0, at));
  return at > 0 && Number.isFinite(createdAt) ? { createdAt, id: cursor.slice(at + 1) } : undefined;
}

export class GalleryRepository extends SqlRepository {
  private readonly filters = new GalleryWhere(this.db);

  /** One page of images, newest first (the trash: most recently deleted first). */
  images(
    query: GalleryQuery,
    cursor: string | undefined,
    limit: number,
  ): { items: GalleryItem[]; nextCursor: string | null } {
    const where = this.filters.where(query, true);
    const { clauses, params, isJoined } = where;
    // Walking a tag's entries (image_tag_times), the order and the cursor are the entry's copy of
    // the image's date and id, so SQLite follows the index instead of sorting.
    const key = where.isTimeDriven ? 'dt.created_at' : query.isTrash ? 'i.deleted_at' : 'i.created_at';
    const idKey = where.isTimeDriven ? 'dt.image_id' : 'i.id';
    const after = decodeCursor(cursor);
    if (after) {
      // A row value, so the index seeks to the cursor: the OR'd form read every image before it.
      clauses.push(`(${key}, ${idKey}) < (?, ?)`);
      params.push(after.createdAt, after.id);
    }
    // The page is chosen first, from the images alone (their generations only when a condition
    // is on them), and everything shown is read for its rows only: in one select, SQLite read
    // each match's generation and worked out its set size and tags before sorting — a rare tag's
    // 2,600 images took 42 ms, a common search's 175,000 far longer.
    const sql = `SELECT i.id, i.generation_id, i.idx, i.path, i.mime, i.width, i.height, i.bytes, i.thumb_path,
        i.is_favorite, i.created_at, i.deleted_at, g.prompt, g.model, g.size, g.seed, g.parameters,
        (SELECT count(*) FROM images s WHERE s.generation_id = i.generation_id) AS set_size,
        (SELECT group_concat(t.name, char(31) ORDER BY t.name) FROM image_tags it JOIN tags t ON t.id = it.tag_id
          WHERE it.image_id = i.id) AS tag_names
      FROM (SELECT i.rowid AS r, ${key} AS k, i.id AS id
        FROM ${this.filters.pageSource(query, where)}
          ${isJoined ? 'JOIN generations g ON g.id = i.generation_id' : ''}
        WHERE ${clauses.join(' AND ')}
        ORDER BY ${key} DESC, ${idKey} DESC LIMIT ?) p
      CROSS JOIN images i ON i.rowid = p.r JOIN generations g ON g.id = i.generation_id
      ORDER BY p.k DESC, p.id DESC`;
    const rows = this.stmt(sql).all(...params, limit + 1) as GalleryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor((query.isTrash ? last.deleted_at : last.created_at) ?? 0, last.id)
        : null;
    return {
      items: page.map(({ parameters, tag_names, ...row }) => ({
        ...row,
        isSequential: (JSON.parse(parameters) as GenerationParameters).isSequential,
        tags: splitTags(tag_names),
      })),
      nextCursor,
    };
  }

  /**
   * How many images match. The unfiltered views (everything, favourites, the trash) read the
   * counters migration 13 keeps; any other count reads its matches once and is kept until the
   * library changes (this connection's writes or another process's commits), so paging, a
   * recount after a scroll, or going back to a filter does not read a million rows again.
   */
  count(query: GalleryQuery): number {
    const known = this.knownCount(query);
    return known.total ?? known.keep(this.countNow(query));
  }

  /**
   * The count when the counters or the cache have it (`total`); otherwise `keep` stores a total
   * worked out now or on another connection (count-thread.ts), unless the library changed since.
   */
  knownCount(query: GalleryQuery): { total?: number; keep: (total: number) => number } {
    const kept = this.keptCount(query);
    if (kept !== undefined) return { total: kept, keep: (total) => total };
    const version = this.changeVersion();
    if (version !== this.countsVersion) {
      this.counts.clear();
      this.countsVersion = version;
    }
    const key = JSON.stringify(query, Object.keys(query).sort());
    const keep = (total: number): number => {
      if (this.changeVersion() !== version) return total;
      if (this.counts.size >= COUNTS_KEPT) this.counts.delete(this.counts.keys().next().value!);
      this.counts.set(key, total);
      return total;
    };
    return { total: this.counts.get(key), keep };
  }

  private readonly counts = new Map<string, number>();
  private countsVersion = '';

  /** Changes whenever the library may have: a commit here (total_changes) or elsewhere (data_version). */
  private changeVersion(): string {
    const row = this.stmt('SELECT total_changes() AS mine').get() as { mine: number };
    return `${row.mine}:${String(this.db.pragma('data_version', { simple: true }))}`;
  }

  /** The counters' answer when the query is one of the views they keep, else undefined. */
  private keptCount(query: GalleryQuery): number | undefined {
    const isPlain =
      !query.search?.trim() &&
      !query.model &&
      !query.size &&
      !query.ratio &&
      query.from === undefined &&
      query.to === undefined &&
      (query.tags ?? []).length === 0 &&
      !query.isStacked;
    if (!isPlain) return undefined;
    const row = this.stmt(
      `SELECT sum(n) AS total FROM image_counts WHERE is_trash = ? ${query.isFavorite ? 'AND is_favorite = 1' : ''}`,
    ).get(query.isTrash ? 1 : 0) as { total: number | null };
    return row.total ?? 0;
  }

  /** Counts the matches now, on this connection (no cache): what count-worker.ts runs. */
  countNow(query: GalleryQuery): number {
    const all = this.filters.where({ ...query, isStacked: false });
    // Generations are joined only when a condition is on them: every image has one (a foreign
    // key), and looking each up cost a seek per match (a tag's 50,000 images).
    const joined = all.isJoined ? 'JOIN generations g ON g.id = i.generation_id' : '';
    // Stacked or not, the unstacked total of a plain view is kept (the gallery's default view
    // stacks: counting its 2.5 M images took 11 s on a million generations).
    const total =
      this.keptCount({ ...query, isStacked: false }) ??
      (
        this.stmt(
          `SELECT count(*) AS total FROM ${this.filters.pageSource(query, all)} ${joined} WHERE ${all.clauses.join(' AND ')}`,
        ).get(...all.params) as { total: number }
      ).total;
    if (!query.isStacked || query.isTrash) return total;
    // Stacked: less the hidden versions, walked from the rerun_of index (a range, `> ''`, which
    // IS NOT NULL would not use; CROSS JOIN keeps SQLite starting there), so the extra cost grows
    // with the versions, not the library. Probing every image, as a page does, doubled the count.
    const hidden = `SELECT count(*) AS total FROM generations v CROSS JOIN images i ON i.generation_id = v.id
      ${joined}
      WHERE v.rerun_of > ''
        AND EXISTS (SELECT 1 FROM images o WHERE o.generation_id = v.rerun_of AND o.deleted_at IS NULL)
        AND ${all.clauses.join(' AND ')}`;
    return total - (this.stmt(hidden).get(...all.params) as { total: number }).total;
  }

  /** Distinct prompts, most recently used first, for ↑ recall. */
  recentPrompts(limit: number): string[] {
    // The prompt summary (migration 11) holds one row per distinct prompt with its last use;
    // grouping the generations instead read all of them (a million rows at start-up).
    const rows = this.stmt('SELECT text FROM prompts ORDER BY last_used_at DESC, id DESC LIMIT ?').all(limit) as Array<{
      text: string;
    }>;
    return rows.map((r) => r.text);
  }

  private updateMany(sql: string, ids: readonly string[], value: unknown): number {
    const statement = this.stmt(sql);
    return this.db.transaction(() => ids.reduce((n, id) => n + statement.run({ value, id }).changes, 0))();
  }

  setFavorite(ids: readonly string[], isFavorite: boolean): number {
    return this.updateMany(
      'UPDATE images SET is_favorite = @value WHERE id = @id AND is_favorite != @value',
      ids,
      isFavorite ? 1 : 0,
    );
  }

  trash(ids: readonly string[], now = Date.now()): number {
    return this.updateMany('UPDATE images SET deleted_at = @value WHERE id = @id AND deleted_at IS NULL', ids, now);
  }

  restore(ids: readonly string[]): number {
    return this.updateMany(
      'UPDATE images SET deleted_at = @value WHERE id = @id AND deleted_at IS NOT NULL',
      ids,
      null,
    );
  }

  /**
   * Deletes trashed images for good (all of the trash, or those of `ids` that are in it), their
   * tags with them, and every generation this leaves without any image once it has finished; one
   * transaction. Returns the files to remove: the caller removes them after the commit, so a crash
   * in between leaves only unreferenced files, which nothing shows and backups and moves skip.
   */
  emptyTrash(ids?: readonly string[]): RemovedImage[] {
    const pick = this.stmt(
      'SELECT id, generation_id, path, thumb_path FROM images WHERE id = ? AND deleted_at IS NOT NULL',
    );
    const all = this.stmt('SELECT id, generation_id, path, thumb_path FROM images WHERE deleted_at IS NOT NULL');
    const remove = this.stmt('DELETE FROM images WHERE id = ?');
    const marks = FINISHED_STATUSES.map(() => '?').join(', ');
    const dropEmpty = this.stmt(
      `DELETE FROM generations WHERE id = ? AND status IN (${marks})
       AND NOT EXISTS (SELECT 1 FROM images WHERE generation_id = generations.id)`,
    );
    const dropTags = this.stmt(
      'DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM image_tags it WHERE it.tag_id = tags.id)',
    );
    type Row = { id: string; generation_id: string; path: string; thumb_path: string | null };
    return this.db.transaction(() => {
      const rows = ids ? [...new Set(ids)].flatMap((id) => pick.all(id) as Row[]) : (all.all() as Row[]);
      for (const row of rows) remove.run(row.id);
      for (const generationId of new Set(rows.map((r) => r.generation_id)))
        dropEmpty.run(generationId, ...FINISHED_STATUSES);
      if (rows.length > 0) dropTags.run();
      return rows.map((r) => ({ id: r.id, path: r.path, thumbPath: r.thumb_path }));
    })();
  }

  generationIdOf(imageId: string): string | undefined {
    return (
      this.stmt('SELECT generation_id FROM images WHERE id = ?').get(imageId) as { generation_id: string } | undefined
    )?.generation_id;
  }

  imagePath(imageId: string): string | undefined {
    return (this.stmt('SELECT path FROM images WHERE id = ?').get(imageId) as { path: string } | undefined)?.path;
  }
}

/**
 * Empties the trash (all of it, or the given ids that are in it): rows first, in one transaction,
 * then the image and thumbnail files through the store's path guard. A crash in between leaves
 * files nothing references — invisible, and left behind by backups and moves — never a row whose
 * file is gone. A file that will not go (permissions) stays such an orphan rather than failing.
 */
export async function emptyTrash(
  gallery: GalleryRepository,
  store: ImageStore,
  ids?: readonly string[],
): Promise<RemovedImage[]> {
  // Reference images go only when the last generation using them goes; ones in use stay.
  const inputs = new InputRepository(gallery.db);
  const candidates = inputs.inputsOfImages(ids);
  const removed = gallery.emptyTrash(ids);
  const freed = candidates.length > 0 ? inputs.dropUnused(candidates) : [];
  for (const image of removed)
    for (const rel of [image.path, image.thumbPath]) if (rel) await store.remove(rel).catch(() => undefined);
  for (const rel of freed) await store.remove(rel).catch(() => undefined);
  return removed;
}
