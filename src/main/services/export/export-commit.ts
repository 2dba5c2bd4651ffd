import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../library/byte-streams';
import type { WrittenItem } from './export-repository';

// Durability in batches. Workers write temp files without flushing them; every batch of files is
// then made durable together: fdatasync of each temp file (a few at once), then each is given its
// real name, then each folder touched is flushed once, and only then are they recorded as done.
// So a name only ever holds bytes that are on disk, a record only names files whose names are on
// disk, and a kill or a power cut anywhere leaves items that `export --resume` simply redoes.
// The next batch is written while this one is flushed, so the disk and the CPU both keep busy.

/** A file written under its temp name, waiting for its batch. */
export type StagedItem = {
  seq: number;
  tempPath: string;
  finalRel: string;
  finalAbs: string;
  isOverwrite: boolean;
  sha256: string;
  bytes: number;
  warning?: string;
  /** Already under its name (an earlier run published it): only its folder needs flushing. */
  isPublished?: boolean;
};

export type BatchDeps = {
  /** Gives a durable temp file its name; undefined when it was skipped instead (a conflict). */
  publish: (item: StagedItem) => Promise<WrittenItem | undefined>;
  /** Records finished items; called only once their names are durable. */
  record: (items: WrittenItem[]) => void;
  /**
   * A batch is cut at this many files (default 32), bytes (default 192 MB) or ms since its first
   * file (default 1000), whichever comes first. The first batches are smaller (1, 2, 4, …), so
   * the first files show up as done at once rather than after a full batch.
   */
  batchFiles?: number;
  batchBytes?: number;
  batchMs?: number;
  now?: () => number;
  /** Once aborted (a cancel, a quit), no new batch is started: what is left is for resume. */
  signal?: AbortSignal;
  /** fdatasync calls at once: the thread pool (4 threads) must stay free for reads and writes. */
  syncConcurrency?: number;
};

export class DurableBatches {
  private staged: StagedItem[] = [];
  private stagedBytes = 0;
  private committing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  private openedAt = 0;
  private cuts = 0;

  constructor(private readonly deps: BatchDeps) {}

  /** Adds a written file; waits while a full batch is still behind the one being flushed. */
  async add(item: StagedItem): Promise<void> {
    this.throwIfFailed();
    if (this.staged.length === 0) this.openedAt = this.now();
    this.staged.push(item);
    this.stagedBytes += item.bytes;
    while (this.isFull() && !this.deps.signal?.aborted) {
      if (!this.committing) {
        this.startCommit();
        break;
      }
      await this.committing;
      this.throwIfFailed();
    }
  }

  /**
   * Commits whatever is left; resolves once every added file is durable, named and recorded. A
   * cancel or a stop that came meanwhile wins: what is not committed yet is left for resume.
   */
  async finish(): Promise<void> {
    while (this.committing) await this.committing;
    this.throwIfFailed();
    this.deps.signal?.throwIfAborted();
    if (this.staged.length > 0) await this.commit(this.take());
  }

  /** After an error or a stop: lets a batch in flight end, and removes temp files not yet committed. */
  async discard(): Promise<void> {
    while (this.committing) await this.committing;
    await removeTemps(this.take());
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private isFull(): boolean {
    if (this.staged.length === 0) return false;
    const files = Math.min(this.deps.batchFiles ?? 32, 2 ** this.cuts);
    return (
      this.staged.length >= files ||
      this.stagedBytes >= (this.deps.batchBytes ?? 192e6) ||
      this.now() - this.openedAt >= (this.deps.batchMs ?? 1000)
    );
  }

  private take(): StagedItem[] {
    this.cuts++;
    const batch = this.staged;
    this.staged = [];
    this.stagedBytes = 0;
    return batch;
  }

  private startCommit(): void {
    this.committing = this.commit(this.take())
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.committing = undefined;
      });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async commit(batch: StagedItem[]): Promise<void> {
    const toSync = batch.filter((item) => !item.isPublished);
    try {
      await eachLimited(toSync, this.deps.syncConcurrency ?? 2, (item) => syncFile(item.tempPath));
    } catch (err) {
      await removeTemps(toSync);
      throw err;
    }
    const written: WrittenItem[] = [];
    const dirs = new Set<string>();
    for (let k = 0; k < batch.length; k++) {
      const item = batch[k]!;
      try {
        const done = item.isPublished ? publishedItem(item) : await this.deps.publish(item);
        if (done) written.push(done);
        dirs.add(path.dirname(item.finalAbs));
      } catch (err) {
        await removeTemps(batch.slice(k).filter((rest) => !rest.isPublished));
        throw err;
      }
    }
    await Promise.all([...dirs].map((dir) => syncDirectory(dir)));
    this.deps.record(written);
  }
}

function publishedItem(item: StagedItem): WrittenItem {
  return { seq: item.seq, finalPath: item.finalRel, sha256: item.sha256, bytes: item.bytes, warning: item.warning };
}

/** fdatasync: the bytes and the size, which is all a new file needs (macOS: a plain fsync). */
async function syncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

async function removeTemps(items: readonly StagedItem[]): Promise<void> {
  await Promise.all(items.filter((i) => !i.isPublished).map((i) => rm(i.tempPath, { force: true })));
}

async function eachLimited<T>(items: readonly T[], limit: number, op: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await op(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
