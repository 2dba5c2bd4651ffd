import { SqlRepository } from './statement-cache';
import type { ErrorCode } from '../../../shared/errors';
import type {
  GenerationParameters,
  GenerationRecord,
  GenerationStatus,
  GenerationWithImages,
  ImageRecord,
} from '../../../shared/library-types';
import type { ResultImage } from '../providers/provider-types';
import type { StoredImage } from './image-store';
import { likeClauses, planSearch } from './search-plan';
import { generationClauses, imageFilter, isCommonMatch, readSearch, typedTags } from './search-filters';

// All SQL of the library lives here, always with bound parameters.

type GenerationRow = {
  id: string;
  created_at: number;
  updated_at: number;
  status: GenerationStatus;
  model: string;
  prompt: string;
  size: string;
  n: number;
  seed: number;
  parameters: string;
  mode: 'sync' | 'async';
  provider_profile: string;
  base_url: string;
  task_id: string | null;
  progress: number;
  result_items: string | null;
  revised_prompts: string;
  usage: string | null;
  error_code: ErrorCode | null;
  error_message: string | null;
  error_detail: string | null;
  submitted_at: number | null;
  finished_at: number | null;
  rerun_of: string | null;
  wait_reason: 'slot' | 'rate' | 'server' | null;
  next_try_at: number | null;
  queue_deadline_at: number | null;
  is_quiet: number;
  billed_images: number | null;
  batch_id: string | null;
  batch_row: number | null;
};

type ImageRow = {
  id: string;
  generation_id: string;
  idx: number;
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  thumb_path: string | null;
  is_favorite: number;
  created_at: number;
  deleted_at: number | null;
};

export type NewGeneration = Pick<
  GenerationRecord,
  | 'id'
  | 'createdAt'
  | 'status'
  | 'model'
  | 'prompt'
  | 'size'
  | 'n'
  | 'seed'
  | 'parameters'
  | 'mode'
  | 'providerProfile'
  | 'baseUrl'
  | 'rerunOf'
>;

/** What a job may change on its generation as it moves along. */
export type GenerationPatch = Partial<{
  status: GenerationStatus;
  taskId: string | null;
  progress: number;
  resultItems: ResultImage[] | null;
  revisedPrompts: string[];
  usage: Record<string, unknown> | null;
  error: { code: ErrorCode; message: string; detail?: string | null } | null;
  submittedAt: number | null;
  finishedAt: number | null;
}>;

export type NewImage = Omit<ImageRecord, 'thumbPath' | 'isFavorite' | 'deletedAt'>;

/** The row for a file the image store has just taken in (a download, an import). */
export function newImageFrom(
  stored: Pick<StoredImage, 'relPath' | 'mime' | 'width' | 'height' | 'bytes' | 'sha256'>,
  row: Pick<NewImage, 'id' | 'generationId' | 'index' | 'createdAt'>,
): NewImage {
  return {
    ...row,
    path: stored.relPath,
    mime: stored.mime,
    width: stored.width,
    height: stored.height,
    bytes: stored.bytes,
    sha256: stored.sha256,
  };
}

/** An image's files as a backup or move must copy and check them. */
export type ImageFiles = { id: string; path: string; thumbPath: string | null; bytes: number; sha256: string };

export type ListOptions = { search?: string; limit?: number; before?: { createdAt: number; id: string } };

const toGeneration = (row: GenerationRow): GenerationRecord => ({
  id: row.id,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  status: row.status,
  model: row.model,
  prompt: row.prompt,
  size: row.size,
  n: row.n,
  seed: row.seed,
  parameters: JSON.parse(row.parameters) as GenerationParameters,
  mode: row.mode,
  providerProfile: row.provider_profile,
  baseUrl: row.base_url,
  taskId: row.task_id,
  progress: row.progress,
  revisedPrompts: JSON.parse(row.revised_prompts) as string[],
  usage: row.usage ? (JSON.parse(row.usage) as Record<string, unknown>) : null,
  error: row.error_code ? { code: row.error_code, message: row.error_message ?? '', detail: row.error_detail } : null,
  submittedAt: row.submitted_at,
  finishedAt: row.finished_at,
  rerunOf: row.rerun_of,
  waiting:
    row.wait_reason && row.next_try_at !== null
      ? { reason: row.wait_reason, nextTryAt: row.next_try_at, deadlineAt: row.queue_deadline_at ?? row.next_try_at }
      : null,
  isFollowingUpstream: row.is_quiet === 1,
  billedImages: row.billed_images,
  batch: row.batch_id !== null && row.batch_row !== null ? { id: row.batch_id, row: row.batch_row } : null,
});

const toImage = (row: ImageRow): ImageRecord => ({
  id: row.id,
  generationId: row.generation_id,
  index: row.idx,
  path: row.path,
  mime: row.mime,
  width: row.width,
  height: row.height,
  bytes: row.bytes,
  sha256: row.sha256,
  thumbPath: row.thumb_path,
  isFavorite: row.is_favorite === 1,
  createdAt: row.created_at,
  deletedAt: row.deleted_at,
});

export class LibraryRepository extends SqlRepository {
  /**
   * Called after images are committed (outside the transaction): the library writes each image's
   * record file beside it then, so a lost database can be rebuilt. Must not throw.
   */
  onCommitted: ((generationId: string, imageIds: string[]) => void) | undefined;

  insertGeneration(g: NewGeneration): void {
    this.stmt(
      `INSERT INTO generations (id, created_at, updated_at, status, model, prompt, size, n, seed, parameters, mode, provider_profile, base_url, rerun_of)
       VALUES (@id, @createdAt, @createdAt, @status, @model, @prompt, @size, @n, @seed, @parameters, @mode, @providerProfile, @baseUrl, @rerunOf)`,
    ).run({ ...g, parameters: JSON.stringify(g.parameters) });
  }

  updateGeneration(id: string, patch: GenerationPatch, now = Date.now()): void {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now };
    const put = (column: string, value: unknown): void => {
      sets.push(`${column} = @${column}`);
      params[column] = value;
    };
    if (patch.status !== undefined) put('status', patch.status);
    if (patch.taskId !== undefined) put('task_id', patch.taskId);
    if (patch.progress !== undefined) put('progress', Math.round(patch.progress));
    if (patch.resultItems !== undefined) put('result_items', patch.resultItems && JSON.stringify(patch.resultItems));
    if (patch.revisedPrompts !== undefined) put('revised_prompts', JSON.stringify(patch.revisedPrompts));
    if (patch.usage !== undefined) put('usage', patch.usage && JSON.stringify(patch.usage));
    if (patch.submittedAt !== undefined) put('submitted_at', patch.submittedAt);
    if (patch.finishedAt !== undefined) put('finished_at', patch.finishedAt);
    if (patch.error !== undefined) {
      put('error_code', patch.error?.code ?? null);
      put('error_message', patch.error?.message ?? null);
      put('error_detail', patch.error?.detail ?? null);
    }
    this.stmt(`UPDATE generations SET ${sets.join(', ')} WHERE id = @id`).run(params);
  }

  /**
   * The job's last step, all or nothing: every image row and the generation marked done. Images of
   * a job the person canceled while upstream ran it go straight to the trash (`trashedAt`), and the
   * generation keeps its `canceled` status.
   */
  commitImages(
    generationId: string,
    images: readonly NewImage[],
    patch: GenerationPatch,
    now = Date.now(),
    options: { trashedAt?: number } = {},
  ): void {
    this.db.transaction(() => {
      this.insertImages(images, options.trashedAt ?? null);
      const status = options.trashedAt === undefined ? 'done' : 'canceled';
      this.updateGeneration(generationId, { ...patch, status, resultItems: null }, now);
    })();
    this.onCommitted?.(
      generationId,
      images.map((i) => i.id),
    );
  }

  /**
   * Rows for the files a job stored before it stopped (a full disk part-way through a set): they
   * are paid for and on disk, so they are in the library; the job's status is left as it is.
   */
  recordStoredImages(images: readonly NewImage[], trashedAt: number | null = null): void {
    if (images.length === 0) return;
    this.db.transaction(() => this.insertImages(images, trashedAt))();
    this.onCommitted?.(
      images[0]!.generationId,
      images.map((i) => i.id),
    );
  }

  private insertImages(images: readonly NewImage[], trashedAt: number | null): void {
    const insert = this.stmt(
      `INSERT INTO images (id, generation_id, idx, path, mime, width, height, bytes, sha256, created_at, deleted_at)
       VALUES (@id, @generationId, @index, @path, @mime, @width, @height, @bytes, @sha256, @createdAt, @deletedAt)
       ON CONFLICT (id) DO UPDATE SET path = excluded.path, mime = excluded.mime, width = excluded.width,
         height = excluded.height, bytes = excluded.bytes, sha256 = excluded.sha256`,
    );
    for (const image of images) insert.run({ ...image, deletedAt: trashedAt });
  }

  generationIdOfImage(imageId: string): string | undefined {
    const row = this.stmt('SELECT generation_id FROM images WHERE id = ?').get(imageId) as
      { generation_id: string } | undefined;
    return row?.generation_id;
  }

  setThumbnail(imageId: string, thumbPath: string): void {
    this.stmt('UPDATE images SET thumb_path = ? WHERE id = ?').run(thumbPath, imageId);
  }

  getGeneration(id: string): GenerationRecord | undefined {
    const row = this.stmt('SELECT * FROM generations WHERE id = ?').get(id) as GenerationRow | undefined;
    return row && toGeneration(row);
  }

  /** Unfinished result URLs saved for a job that was downloading. */
  getResultItems(id: string): ResultImage[] | null {
    const row = this.stmt('SELECT result_items FROM generations WHERE id = ?').get(id) as
      { result_items: string | null } | undefined;
    return row?.result_items ? (JSON.parse(row.result_items) as ResultImage[]) : null;
  }

  imagesOf(generationId: string, isTrashIncluded = false): ImageRecord[] {
    const sql = isTrashIncluded
      ? 'SELECT * FROM images WHERE generation_id = ? ORDER BY idx'
      : 'SELECT * FROM images WHERE generation_id = ? AND deleted_at IS NULL ORDER BY idx';
    return (this.stmt(sql).all(generationId) as ImageRow[]).map(toImage);
  }

  getWithImages(id: string): GenerationWithImages | undefined {
    const generation = this.getGeneration(id);
    return generation && { generation, images: this.imagesOf(id) };
  }

  byStatus(statuses: readonly GenerationStatus[]): GenerationRecord[] {
    const marks = statuses.map(() => '?').join(', ');
    return (
      this.stmt(`SELECT * FROM generations WHERE status IN (${marks}) ORDER BY seq`).all(...statuses) as GenerationRow[]
    ).map(toGeneration);
  }

  /**
   * Newest first. With `search`, every term must appear in the prompt or a revised prompt:
   * terms of three or more characters go through the trigram index, shorter ones (common in
   * Chinese: 花店, 猫) through LIKE on the same rows. Filters typed in it (`tag:`, `seed:`, …; see
   * search-filters.ts) narrow the list too.
   */
  listGenerations(options: ListOptions = {}): GenerationRecord[] {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const typed = readSearch(options.search);
    const plan = planSearch(typed.text);
    // tag: and fav: are about images: a generation is listed when one of its live images matches.
    // A tag may walk its entries instead of a text index driving: always without one, and beside
    // the per-character index (1-2 character terms, all of them checked by LIKE as well) when the
    // text is common, since walking a common text's matches to find a tag took 20 ms.
    const canWalk =
      !plan?.fts ||
      (plan.fts.table === 'generations_chars' &&
        typedTags(typed.filters).length > 0 &&
        isCommonMatch(this.db, plan.fts));
    const byImage = imageFilter(this.db, typed.filters, { canWalk });
    const fts = byImage.isWalk ? undefined : plan?.fts;
    const where: string[] = [];
    const params: unknown[] = [];
    let from = 'generations g';
    // With an index driving, rows come newest-first straight from it and stop at the limit.
    let order = 'g.created_at DESC, g.id DESC';
    if (fts) {
      from = `${fts.table} f JOIN generations g ON g.seq = f.rowid`;
      where.push(`${fts.table} MATCH ?`);
      params.push(fts.match);
      order = 'f.rowid DESC';
    }
    if (plan) {
      const likes = likeClauses(plan);
      where.push(...likes.clauses);
      params.push(...likes.params);
    }
    const byGeneration = generationClauses(typed.filters);
    where.push(...byGeneration.clauses);
    params.push(...byGeneration.params);
    where.push(...byImage.clauses);
    params.push(...byImage.params);
    // A rare filter names its few generations: each one's date, to sort them, comes from the
    // narrow generations_id_created (migration 15) rather than a seek into its wide row (2.7 KB).
    if (byImage.isDriving && !fts) from = 'generations g INDEXED BY generations_id_created';
    // A tag walks its entries by their generation's date (migration 17); the generations with
    // several matching images come once (GROUP BY, in the walk's order: no sort).
    let key = ['g.created_at', 'g.id'];
    let group = '';
    if (byImage.isWalk) {
      from = `image_tag_generations dt INDEXED BY image_tag_generations_order
        CROSS JOIN images i INDEXED BY images_live_id ON i.id = dt.image_id
        CROSS JOIN generations g ON g.id = dt.generation_id`;
      key = ['dt.generation_created_at', 'dt.generation_id'];
      order = key.map((column) => `${column} DESC`).join(', ');
      group = `GROUP BY ${key.join(', ')}`;
    }
    if (options.before) {
      // A row value, so the index seeks to the cursor; the OR'd form scanned every row before it
      // (50 ms for a page in the middle of a million generations).
      where.push(`(${key.join(', ')}) < (?, ?)`);
      params.push(options.before.createdAt, options.before.id);
    }
    const sql = `SELECT g.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${group} ORDER BY ${order} LIMIT ?`;
    return (this.stmt(sql).all(...params, limit) as GenerationRow[]).map(toGeneration);
  }

  /** The queue's view: every unfinished job, and the most recent ones whatever their status. */
  recent(
    limit: number,
    activeStatuses: readonly GenerationStatus[],
    options: { excludeProfile?: string } = {},
  ): GenerationWithImages[] {
    const marks = activeStatuses.map(() => '?').join(', ');
    // '' matches no profile: every record counts when nothing is excluded.
    const excluded = options.excludeProfile ?? '';
    // Two index walks joined by UNION (the status index, and the newest rows by seq): as one
    // OR'd WHERE, SQLite read every generation — a million rows each time the queue was asked.
    const rows = this.stmt(
      `SELECT * FROM generations WHERE seq IN (
         SELECT seq FROM generations WHERE status IN (${marks}) AND provider_profile != ?
         UNION SELECT seq FROM (SELECT seq FROM generations WHERE provider_profile != ? ORDER BY seq DESC LIMIT ?))
       ORDER BY seq DESC`,
    ).all(...activeStatuses, excluded, excluded, limit) as GenerationRow[];
    const generations = rows.map(toGeneration);
    const images = this.liveImagesOf(generations.map((g) => g.id));
    return generations.map((generation) => ({ generation, images: images.get(generation.id) ?? [] }));
  }

  listWithImages(options: ListOptions = {}): GenerationWithImages[] {
    const generations = this.listGenerations(options);
    const images = this.liveImagesOf(generations.map((g) => g.id));
    return generations.map((generation) => ({ generation, images: images.get(generation.id) ?? [] }));
  }

  /**
   * The live images of many generations in one statement (a page's worth), by generation, in
   * index order: one query per generation cost a statement step each, 100 per page.
   */
  private liveImagesOf(generationIds: readonly string[]): Map<string, ImageRecord[]> {
    const byGeneration = new Map<string, ImageRecord[]>();
    if (generationIds.length === 0) return byGeneration;
    const rows = this.stmt(
      `SELECT i.* FROM json_each(?) j CROSS JOIN images i ON i.generation_id = j.value
       WHERE i.deleted_at IS NULL ORDER BY j.key, i.idx`,
    ).all(JSON.stringify(generationIds)) as ImageRow[];
    for (const row of rows) {
      let list = byGeneration.get(row.generation_id);
      if (!list) byGeneration.set(row.generation_id, (list = []));
      list.push(toImage(row));
    }
    return byGeneration;
  }

  /** Every image's files, trash included, in path order (neighbours on disk are copied together). */
  imageFiles(): ImageFiles[] {
    return this.stmt(
      'SELECT id, path, thumb_path AS thumbPath, bytes, sha256 FROM images ORDER BY path',
    ).all() as ImageFiles[];
  }

  /** Every image's files and date, trash included: what the start-up repair looks over. */
  imageFilesWithDates(): Array<ImageFiles & { createdAt: number }> {
    const all: Array<ImageFiles & { createdAt: number }> = [];
    for (let page = this.imageFilesPage(); page.length > 0; page = this.imageFilesPage(page.at(-1)!.id))
      all.push(...page);
    return all;
  }

  /**
   * One page of every image's files and date, trash included, newest id first (ids start with the
   * generation's time), after `beforeId`. The start-up repair walks a large library page by page
   * rather than reading and sorting millions of rows at once on the main process.
   */
  imageFilesPage(beforeId?: string, limit = 1000): Array<ImageFiles & { createdAt: number }> {
    const columns = 'id, path, thumb_path AS thumbPath, bytes, sha256, created_at AS createdAt';
    return (
      beforeId === undefined
        ? this.stmt(`SELECT ${columns} FROM images ORDER BY id DESC LIMIT ?`).all(limit)
        : this.stmt(`SELECT ${columns} FROM images WHERE id < ? ORDER BY id DESC LIMIT ?`).all(beforeId, limit)
    ) as Array<ImageFiles & { createdAt: number }>;
  }

  /** Whether the library holds anything a person made or set up: a generation or a saved profile. */
  hasContent(): boolean {
    const row = this.stmt(
      'SELECT EXISTS (SELECT 1 FROM generations) OR EXISTS (SELECT 1 FROM profiles) AS found',
    ).get() as { found: number };
    return row.found === 1;
  }
}
