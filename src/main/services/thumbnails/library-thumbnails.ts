import type { Database, Statement } from 'better-sqlite3';
import { stat } from 'node:fs/promises';
import type { ImageStore } from '../library/image-store';
import type { LibraryRepository } from '../library/library-repository';
import { closedError, ThumbnailPool, type ThumbnailPriority } from './thumbnail-pool';

// The thumbnails of one open library: made by the worker pool (started on first use), written
// through the image store, recorded in the database. Asking twice for one image waits for the
// first; asking with high priority moves a waiting one forward. Closing the library closes this.

export type ThumbnailTarget = { id: string; path: string; createdAt: number };
export type PoolOptions = { size?: number; workerFile?: string };

type Owner = { db: Database; repo: LibraryRepository; store: ImageStore };

const THUMB_PATH = /^thumbs\/\d{4}\/\d{2}\/([A-Za-z0-9_-][A-Za-z0-9._-]{0,127})\.webp$/;

export class LibraryThumbnails {
  private pool: ThumbnailPool | undefined;
  private readonly inFlight = new Map<string, Promise<string>>();
  private isClosed = false;
  private byId: Statement | undefined;

  constructor(
    private readonly owner: Owner,
    private readonly poolOptions: PoolOptions = {},
  ) {}

  /** Makes, stores and records the thumbnail of `image`; resolves with its relative path. */
  make(image: ThumbnailTarget, priority: ThumbnailPriority = 'low'): Promise<string> {
    const running = this.inFlight.get(image.id);
    if (running) {
      if (priority === 'high') this.pool?.promote(this.owner.store.absolute(image.path));
      return running;
    }
    const made = this.run(image, priority).finally(() => this.inFlight.delete(image.id));
    this.inFlight.set(image.id, made);
    return made;
  }

  /**
   * For a tile whose thumbnail file is missing (`thumbs/YYYY/MM/<id>.webp`, where it is or would be
   * made, or the path the database names): makes it first in line and answers where it now is.
   * The gallery waits for this instead of decoding the original.
   */
  async makeForTile(thumbRelPath: string): Promise<string | undefined> {
    const id = THUMB_PATH.exec(thumbRelPath)?.[1];
    if (id === undefined || this.isClosed) return undefined;
    this.byId ??= this.owner.db.prepare(
      'SELECT id, path, created_at AS createdAt, thumb_path AS thumbPath FROM images WHERE id = ?',
    );
    const row = this.byId.get(id) as (ThumbnailTarget & { thumbPath: string | null }) | undefined;
    if (!row) return undefined;
    const isNamed =
      row.thumbPath === thumbRelPath ||
      this.owner.store.thumbnailPathFor(row.id, new Date(row.createdAt)) === thumbRelPath;
    if (!isNamed) return undefined;
    return await this.make(row, 'high').catch(() => undefined);
  }

  /** Thumbnails waiting or being made. */
  get pending(): number {
    return this.pool?.pending ?? 0;
  }

  /** Worker threads running now (0 before the first thumbnail and after close). */
  get threads(): number {
    return this.pool?.threads ?? 0;
  }

  /** Ends the worker threads; what was waiting fails with `canceled` and records nothing. */
  async close(): Promise<void> {
    this.isClosed = true;
    await this.pool?.close();
  }

  private async run(image: ThumbnailTarget, priority: ThumbnailPriority): Promise<string> {
    const { store, repo } = this.owner;
    const createdAt = new Date(image.createdAt);
    // Checks the id and the path before anything reaches the worker.
    const thumbPath = store.thumbnailPathFor(image.id, createdAt);
    const source = store.absolute(image.path);
    if (this.isClosed) throw closedError();
    // An original that is not there (a library restored without its images, a drive not mounted)
    // fails here for a stat, not after a round trip through a worker thread: a backfill over many
    // such rows must not keep a core busy beside the app.
    await stat(source).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw Object.assign(new Error(`${source}: no such file`), { code: 'ENOENT' });
    });
    this.pool ??= new ThumbnailPool(this.poolOptions);
    const bytes = await this.pool.render(source, priority);
    await store.writeThumbnail(image.id, createdAt, bytes);
    // The library may have closed while the file was written: the next start finds it again.
    if (!this.isClosed) repo.setThumbnail(image.id, thumbPath);
    return thumbPath;
  }
}
