import type { Library } from '../library/library';
import type { ThumbnailTarget } from './library-thumbnails';

// Makes every missing thumbnail of a library (after an import, a restore, an old crash) in the
// background: counts them from a partial index (migration: images_no_thumb), pages through them
// newest first, keeps the worker pool fed one batch at a time, and reports done/total and the
// rate. An original that cannot be read or decoded is counted and named, and the rest go on.

export type BackfillProgress = {
  done: number;
  failed: number;
  total: number;
  imagesPerSecond: number;
  elapsedMs: number;
};

export type BackfillFailure = { imageId: string; reason: string };

export type BackfillReport = BackfillProgress & {
  /** False when it was stopped (library closed, signal) before every image was tried. */
  isComplete: boolean;
  /** The first few failures (at most FAILURES_KEPT), for logs and the CLI. */
  failures: BackfillFailure[];
};

export type BackfillOptions = {
  onProgress?: (progress: BackfillProgress) => void;
  signal?: AbortSignal;
  /** Images handed to the pool at once (default 16): enough to keep it busy, few to drop on close. */
  batchSize?: number;
  /** Least time between two progress reports (default 250 ms); the last is always reported. */
  progressEveryMs?: number;
  now?: () => number;
};

const FAILURES_KEPT = 20;

type Cursor = { createdAt: number; id: string };

/** Images without a thumbnail, from the partial index alone. */
export function countMissingThumbnails(library: Pick<Library, 'db'>): number {
  const row = library.db.prepare('SELECT count(*) AS n FROM images WHERE thumb_path IS NULL').get() as { n: number };
  return row.n;
}

function nextBatch(library: Pick<Library, 'db'>, after: Cursor | undefined, limit: number): ThumbnailTarget[] {
  const columns = 'SELECT id, path, created_at AS createdAt FROM images WHERE thumb_path IS NULL';
  const order = 'ORDER BY created_at DESC, id DESC LIMIT ?';
  if (!after) return library.db.prepare(`${columns} ${order}`).all(limit) as ThumbnailTarget[];
  return library.db
    .prepare(`${columns} AND (created_at < ? OR (created_at = ? AND id < ?)) ${order}`)
    .all(after.createdAt, after.createdAt, after.id, limit) as ThumbnailTarget[];
}

export async function backfillThumbnails(
  library: Pick<Library, 'db' | 'thumbnails'>,
  options: BackfillOptions = {},
): Promise<BackfillReport> {
  const now = options.now ?? Date.now;
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const every = options.progressEveryMs ?? 250;
  const started = now();
  const total = countMissingThumbnails(library);
  const failures: BackfillFailure[] = [];
  let done = 0;
  let failed = 0;
  let lastReport = -Infinity;
  const progress = (): BackfillProgress => {
    const elapsedMs = Math.max(0, now() - started);
    const imagesPerSecond = elapsedMs > 0 ? Math.round(((done + failed) * 10_000) / elapsedMs) / 10 : 0;
    return { done, failed, total, imagesPerSecond, elapsedMs };
  };
  const report = (isLast = false): void => {
    if (!options.onProgress || (!isLast && now() - lastReport < every)) return;
    lastReport = now();
    options.onProgress(progress());
  };
  report(true);
  let cursor: Cursor | undefined;
  let isStopped = false;
  // Images added after the count (new results have their own high-priority thumbnails) are left
  // to them: the walk ends once as many as were counted have been tried.
  while (done + failed < total) {
    if (options.signal?.aborted) {
      isStopped = true;
      break;
    }
    let batch: ThumbnailTarget[];
    try {
      batch = nextBatch(library, cursor, Math.min(batchSize, total - done - failed));
    } catch {
      isStopped = true; // the database closed under us
      break;
    }
    const last = batch[batch.length - 1];
    if (!last) {
      // None left without a thumbnail: the rest were made meanwhile by a gallery tile's request or
      // a fresh result's, and are done all the same (the bar must not stop short of its total).
      done = Math.max(done, total - failed);
      break;
    }
    cursor = { createdAt: last.createdAt, id: last.id };
    const settled = Promise.allSettled(
      batch.map((image) =>
        library.thumbnails.make(image, 'low').then(() => {
          done++;
          report();
        }),
      ),
    );
    // Stopping does not wait for the batch: closing the library ends what is left of it.
    const results = await Promise.race([settled, aborted(options.signal)]);
    if (!results) {
      isStopped = true;
      break;
    }
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      const reason = result.reason as { code?: string; detail?: string; message?: string };
      if (reason.code === 'canceled') {
        isStopped = true;
        return;
      }
      failed++;
      if (failures.length < FAILURES_KEPT)
        failures.push({ imageId: batch[i]!.id, reason: reason.detail ?? reason.message ?? String(reason) });
    });
    report();
    if (isStopped) break;
  }
  report(true);
  return { ...progress(), isComplete: !isStopped, failures };
}

function aborted(signal: AbortSignal | undefined): Promise<undefined> {
  if (!signal) return new Promise<undefined>(() => undefined);
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<undefined>((resolve) =>
    signal.addEventListener('abort', () => resolve(undefined), { once: true }),
  );
}
