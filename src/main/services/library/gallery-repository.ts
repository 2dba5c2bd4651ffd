import type { Database, Statement } from 'better-sqlite3';
import { StatementCache } from './statement-cache';
import type { GalleryQuery } from '../../../shared/contract';
import { MODELS } from '../../../shared/models';
import type { GenerationParameters } from '../../../shared/library-types';
import { likeClauses, planSearch } from './search-plan';

// The gallery's reads (image pages, counts, recent prompts) and its small writes (favourite,
// trash, restore). Image pages are keyset-paged newest first, so page 500 costs what page 1 does.

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
};

export type GalleryItem = Omit<GalleryRow, 'parameters'> & { isSequential: boolean };

const ALL_SIZES = [...MODELS['wan2.7-image-pro'].sizes];

/** Every `WxH` with the given ratio (`16:9`), for a size filter that names a ratio. */
export function sizesWithRatio(ratio: string): string[] {
  return ALL_SIZES.filter((s) => s.ratio === ratio).map((s) => s.id);
}

export function encodeCursor(createdAt: number, id: string): string {
  return `${createdAt}:${id}`;
}

export function decodeCursor(cursor: string | undefined): { createdAt: number; id: string } | undefined {
  if (!cursor) return undefined;
  const at = cursor.indexOf(':');
  const createdAt = Number(cursor.slice(0, at));
  return at > 0 && Number.isFinite(createdAt) ? { createdAt, id: cursor.slice(at + 1) } : undefined;
}

export class GalleryRepository {
  private readonly statements: StatementCache;

  constructor(readonly db: Database) {
    this.statements = new StatementCache(db);
  }

  private stmt(sql: string): Statement {
    return this.statements.get(sql);
  }

  private where(query: GalleryQuery): { clauses: string[]; params: unknown[] } {
    const clauses: string[] = [query.isTrash ? 'i.deleted_at IS NOT NULL' : 'i.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (query.isFavorite) clauses.push('i.is_favorite = 1');
    if (query.model) {
      clauses.push('g.model = ?');
      params.push(query.model);
    }
    const sizes = query.ratio ? sizesWithRatio(query.ratio) : query.size ? [query.size] : undefined;
    if (sizes) {
      clauses.push(`g.size IN (${sizes.map(() => '?').join(', ') || "''"})`);
      params.push(...sizes);
    }
    if (query.from !== undefined) {
      clauses.push('i.created_at >= ?');
      params.push(query.from);
    }
    if (query.to !== undefined) {
      clauses.push('i.created_at <= ?');
      params.push(query.to);
    }
    const plan = planSearch(query.search ?? '');
    if (plan?.fts) {
      clauses.push(`g.seq IN (SELECT rowid FROM ${plan.fts.table} WHERE ${plan.fts.table} MATCH ?)`);
      params.push(plan.fts.match);
    }
    if (plan) {
      const likes = likeClauses(plan);
      clauses.push(...likes.clauses);
      params.push(...likes.params);
    }
    return { clauses, params };
  }

  /** One page of images, newest first (the trash: most recently deleted first). */
  images(
    query: GalleryQuery,
    cursor: string | undefined,
    limit: number,
  ): { items: GalleryItem[]; nextCursor: string | null } {
    const { clauses, params } = this.where(query);
    const key = query.isTrash ? 'i.deleted_at' : 'i.created_at';
    const after = decodeCursor(cursor);
    if (after) {
      clauses.push(`(${key} < ? OR (${key} = ? AND i.id < ?))`);
      params.push(after.createdAt, after.createdAt, after.id);
    }
    const sql = `SELECT i.id, i.generation_id, i.idx, i.path, i.mime, i.width, i.height, i.bytes, i.thumb_path, i.is_favorite,
        i.created_at, i.deleted_at, g.prompt, g.model, g.size, g.seed, g.parameters,
        (SELECT count(*) FROM images s WHERE s.generation_id = i.generation_id) AS set_size
      FROM images i JOIN generations g ON g.id = i.generation_id
      WHERE ${clauses.join(' AND ')}
      ORDER BY ${key} DESC, i.id DESC LIMIT ?`;
    const rows = this.stmt(sql).all(...params, limit + 1) as GalleryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor((query.isTrash ? last.deleted_at : last.created_at) ?? 0, last.id)
        : null;
    return {
      items: page.map(({ parameters, ...row }) => ({
        ...row,
        isSequential: (JSON.parse(parameters) as GenerationParameters).isSequential,
      })),
      nextCursor,
    };
  }

  count(query: GalleryQuery): number {
    const { clauses, params } = this.where(query);
    const sql = `SELECT count(*) AS total FROM images i JOIN generations g ON g.id = i.generation_id WHERE ${clauses.join(' AND ')}`;
    return (this.stmt(sql).get(...params) as { total: number }).total;
  }

  /** Distinct prompts, most recently used first, for ↑ recall. */
  recentPrompts(limit: number): string[] {
    const rows = this.stmt('SELECT prompt FROM generations GROUP BY prompt ORDER BY max(seq) DESC LIMIT ?').all(
      limit,
    ) as Array<{ prompt: string }>;
    return rows.map((r) => r.prompt);
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

  generationIdOf(imageId: string): string | undefined {
    return (
      this.stmt('SELECT generation_id FROM images WHERE id = ?').get(imageId) as { generation_id: string } | undefined
    )?.generation_id;
  }

  imagePath(imageId: string): string | undefined {
    return (this.stmt('SELECT path FROM images WHERE id = ?').get(imageId) as { path: string } | undefined)?.path;
  }
}
