import type { GalleryQuery } from '../../../shared/contract';
import { MODELS } from '../../../shared/models';
import type { SearchFilter } from '../../../shared/search-syntax';
import { likeClauses, planSearch } from './search-plan';
import {
  favoriteClauses,
  generationClauses,
  isCommonMatch,
  marks,
  readSearch,
  tagIdsFor,
  typedTags,
} from './search-filters';
import { SqlRepository } from './statement-cache';
import { normalizeTag } from './tag-repository';

// What a gallery view asks of the images: the WHERE clauses for a query (search, typed filters,
// toolbar filters, tags), and which index a page or a count reads them from. The gallery's pages
// and counts (gallery-repository.ts, count-worker.ts through it) share these.

/**
 * Up to this many tagged images, a tag filter drives a page from image_tags (see tagFilter).
 * Driving costs a read of images_live_id per tagged image, a page each once they outgrow the
 * cache (about 2.5 µs); probing walks 100 × live / tagged images at about 0.25 µs each: on
 * 2.5 M images they meet near 5,000.
 */
const TAG_DRIVE_LIMIT = 5000;

const ALL_SIZES = [...MODELS['wan2.7-image-pro'].sizes];

/** Every `WxH` with the given ratio (`16:9`), for a size filter that names a ratio. */
export function sizesWithRatio(ratio: string): string[] {
  return ALL_SIZES.filter((s) => s.ratio === ratio).map((s) => s.id);
}

export type GalleryWhereClauses = {
  clauses: string[];
  params: unknown[];
  isWalk: boolean;
  isJoined: boolean;
  isTagDriven: boolean;
  /** The page walks the driving tag's entries of image_tag_times, newest first (migration 16). */
  isTimeDriven: boolean;
};

export class GalleryWhere extends SqlRepository {
  /** The conditions on `i` (and on `g` when isJoined); isWalk: walk images_created (see below). */
  where(query: GalleryQuery, isPaged = false): GalleryWhereClauses {
    const clauses: string[] = [query.isTrash ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (query.isFavorite) clauses.push('i.is_favorite = 1');
    // A version hides while its original has an image out of the trash. Asked of `i` alone, per row
    // as the page walks images newest first: a clause on `g` made SQLite start from generations
    // (110 ms a page on 500,000 images instead of 1 ms).
    if (query.isStacked && !query.isTrash)
      clauses.push(
        `NOT EXISTS (SELECT 1 FROM generations v JOIN images o ON o.generation_id = v.rerun_of
          WHERE v.id = i.generation_id AND o.deleted_at IS NULL)`,
      );
    if (query.from !== undefined) {
      clauses.push('i.created_at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      clauses.push('i.created_at <= ?');
      params.push(query.to);
    }
    const typed = readSearch(query.search);
    const plan = planSearch(typed.text);
    const text: { clauses: string[]; params: unknown[] } = { clauses: [], params: [] };
    if (plan?.fts) {
      text.clauses.push(`g.seq IN (SELECT rowid FROM ${plan.fts.table} WHERE ${plan.fts.table} MATCH ?)`);
      text.params.push(plan.fts.match);
    }
    if (plan) {
      const likes = likeClauses(plan);
      text.clauses.push(...likes.clauses);
      text.params.push(...likes.params);
    }
    clauses.push(...favoriteClauses(typed.filters));
    // The toolbar's tags are exact names; typed ones also match across widths (tagIdsFor).
    const toolbarTags = [...new Set((query.tags ?? []).map((t) => normalizeTag(t, 'tags')))];
    const tagGroups = [
      ...toolbarTags.map((name) => this.tagIdsNamed(name)),
      ...typedTags(typed.filters).map((name) => tagIdsFor(this.db, name)),
    ];
    let isTagDriven = false;
    const isTimeDriven = tagGroups.length > 0 && isPaged && !query.isTrash;
    if (tagGroups.length > 0) {
      const filter = this.tagFilter(tagGroups, isPaged, isTimeDriven);
      clauses.push(...filter.clauses);
      params.push(...filter.params);
      isTagDriven = filter.isDriven;
    }
    const byGeneration = this.generationFilter(query, typed.filters);
    // Model, size and set each keep a large share of the library. Joined, SQLite (without table
    // statistics) scans generations, or builds a Bloom filter over them, before the first row:
    // 100–300 ms for a page of `model:pro` on 256,000 images. Asked per image as the page walks
    // images newest first, the page costs under 1 ms. A seed or a tag can be truly selective, and
    // a count reads every match anyway: those keep the join. So does a text search, unless it
    // matches so many generations (isCommonMatch) that walking finds a page sooner than reading
    // and sorting all their images (0.5 s for a term on 60,000 generations of a million); its LIKE
    // rechecks then go inside the per-image question too, or the Bloom filter ran them on every
    // generation (4 s for 花店).
    const canWalk = isPaged && !query.isTrash && tagGroups.length === 0 && !byGeneration.hasSeed;
    const isWalk = canWalk && plan?.fts !== undefined && isCommonMatch(this.db, plan.fts);
    const isWalked = canWalk && (isWalk || plan?.fts === undefined);
    const onGeneration = [...text.clauses, ...byGeneration.clauses];
    if (onGeneration.length > 0)
      clauses.push(
        isWalked
          ? `(SELECT 1 FROM generations g WHERE g.id = i.generation_id AND ${onGeneration.join(' AND ')}) = 1`
          : onGeneration.join(' AND '),
      );
    params.push(...text.params, ...byGeneration.params);
    const isJoined = onGeneration.length > 0 && !isWalked;
    return { clauses, params, isWalk, isJoined, isTagDriven, isTimeDriven };
  }

  /** The toolbar's model and size, and the typed seed, model, size and set, on generations `g`. */
  private generationFilter(
    query: GalleryQuery,
    filters: readonly SearchFilter[],
  ): { clauses: string[]; params: unknown[]; hasSeed: boolean } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.model) {
      clauses.push('g.model = ?');
      params.push(query.model);
    }
    const sizes = query.ratio ? sizesWithRatio(query.ratio) : query.size ? [query.size] : undefined;
    if (sizes) {
      clauses.push(`g.size IN (${sizes.map(() => '?').join(', ') || "''"})`);
      params.push(...sizes);
    }
    const typed = generationClauses(filters);
    return {
      clauses: [...clauses, ...typed.clauses],
      params: [...params, ...typed.params],
      hasSeed: filters.some((f) => f.key === 'seed'),
    };
  }

  /**
   * Every tag must be on the image. A page walks images newest first and stops at the limit, so a
   * common tag is best probed per row (EXISTS on image_tags' key); a rare one is best walked from
   * image_tags_tag with the few matches sorted after (IN) — on 256,000 images, 500 ms versus 1 ms
   * either way round. The rarest tag, when rare enough, drives; the others are
   * probed. A count reads every match anyway, so it always drives. Driving, each match's date is
   * read from images_live_id (migration 15) when the view is out of the trash (see pageSource).
   * A page out of the trash (`isTimeDriven`) walks the rarest tag's entries in image_tag_times
   * (migration 16: each entry carries its image's date) newest first and stops at the limit, so
   * it reads about a page of entries whatever the tag's size, and never sorts its matches.
   */
  private tagFilter(
    groups: readonly (readonly number[])[],
    isPaged: boolean,
    isTimeDriven: boolean,
  ): { clauses: string[]; params: unknown[]; isDriven: boolean } {
    // Each group is one tag as asked for: the ids it may be stored under (usually exactly one).
    const counted = groups
      .map((ids) => ({ ids, count: isPaged && ids.length > 0 ? this.taggedCount(ids) : 0 }))
      .sort((a, b) => a.count - b.count);
    const isDriven = isTimeDriven || !isPaged || (counted[0]?.count ?? 0) <= TAG_DRIVE_LIMIT;
    const clauses = counted.map(({ ids }, k) =>
      k === 0 && isTimeDriven
        ? `dt.tag_id IN (${marks(ids)})`
        : k === 0 && isDriven
          ? `i.id IN (SELECT it.image_id FROM image_tags it WHERE it.tag_id IN (${marks(ids)}))`
          : // A scalar subquery, not EXISTS: SQLite turns EXISTS into a join and builds a Bloom
            // filter over the tag's every image before the first row (30 ms for a tag on 48,000).
            `(SELECT 1 FROM image_tags it WHERE it.image_id = i.id AND it.tag_id IN (${marks(ids)}) LIMIT 1) = 1`,
    );
    return { clauses, params: counted.flatMap(({ ids }) => ids), isDriven };
  }

  /**
   * Where a page or a count reads its images. A driving tag names its images by id; out of the
   * trash, images_live_id (migration 15) holds the id, date, generation and favourite of each live
   * image, so the matches are sorted without a seek into each one's table row (SQLite, without
   * table statistics, prefers the primary key's index, which has only the rowid).
   */
  pageSource(query: GalleryQuery, where: { isWalk: boolean; isTagDriven: boolean; isTimeDriven?: boolean }): string {
    if (where.isTimeDriven)
      return 'image_tag_times dt INDEXED BY image_tag_times_order CROSS JOIN images i ON i.id = dt.image_id';
    if (where.isWalk) return 'images i INDEXED BY images_created';
    return where.isTagDriven && !query.isTrash ? 'images i INDEXED BY images_live_id' : 'images i';
  }

  private tagIdsNamed(name: string): number[] {
    return (this.stmt('SELECT id FROM tags WHERE name = ?').all(name) as Array<{ id: number }>).map((r) => r.id);
  }

  private taggedCount(ids: readonly number[]): number {
    const sql = `SELECT count(*) AS n FROM image_tags WHERE tag_id IN (${marks(ids)})`;
    return (this.stmt(sql).get(...ids) as { n: number }).n;
  }
}
