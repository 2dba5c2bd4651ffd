import { existsSync } from 'node:fs';
import { link, rename, rm, unlink } from 'node:fs/promises';
import { errorCode, isSystemError } from '../library/byte-streams';
import { WanError, toWanError } from '../wan-error';
import { diskErrorFrom, isDiskFull } from '../library/disk-errors';
import type { ExportOptions } from '../../../shared/export-types';
import { pathKey } from '../../../shared/export-names';
import { resolveInside } from '../library/image-store';
import type { StagedItem } from './export-commit';
import { existsAt, numberedPath } from './export-plan';
import type { ExportRepository, WrittenItem } from './export-repository';

// The export engine's small parts: publishing a file, recording finished items in batches, and
// telling a source problem from a destination one.

/** Errors about the destination end the whole export; errors about one source image fail only it. */
const FATAL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'ENOTDIR', 'EFBIG', 'EMFILE']);

export /**
 * Moves a finished temp file to its name. Without overwrite it links (which fails rather than
 * replace a file that appeared meanwhile) and drops the temp name; file systems without hard
 * links (FAT, some network shares) fall back to a rename after a last check.
 */
async function publish(tempPath: string, finalAbs: string, isOverwrite: boolean): Promise<'published' | 'taken'> {
  if (isOverwrite) {
    await rename(tempPath, finalAbs);
    return 'published';
  }
  try {
    await link(tempPath, finalAbs);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST') return 'taken';
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw err;
    if (existsSync(finalAbs)) return 'taken';
    await rename(tempPath, finalAbs);
    return 'published';
  }
  await unlink(tempPath);
  return 'published';
}

/**
 * Gives a durable temp file its name (export-commit.ts calls this); undefined when it was skipped
 * because someone put a file at its name after the plan and the policy says skip.
 */
export async function publishStaged(
  staged: StagedItem,
  ctx: {
    root: string;
    claimed: Set<string>;
    onConflict: ExportOptions['onConflict'];
    markSkipped: (seq: number) => void;
  },
): Promise<WrittenItem | undefined> {
  let { finalRel, finalAbs } = staged;
  for (;;) {
    const outcome = await publish(staged.tempPath, finalAbs, staged.isOverwrite);
    if (outcome === 'published') {
      const { seq, sha256, bytes, warning } = staged;
      return { seq, finalPath: finalRel, sha256, bytes, warning };
    }
    // The policy decides again: skip, or the next free number.
    if (ctx.onConflict === 'skip') {
      await rm(staged.tempPath, { force: true });
      ctx.markSkipped(staged.seq);
      return undefined;
    }
    finalRel = numberedPath(finalRel, (c) => ctx.claimed.has(pathKey(c)) || existsAt(ctx.root, c));
    ctx.claimed.add(pathKey(finalRel));
    finalAbs = resolveInside(ctx.root, finalRel)!;
  }
}

/** Finished items, recorded together: a transaction (and its fsync) per batch, not per file. */
export class DoneBatch {
  private pending: WrittenItem[] = [];
  private last: number;

  constructor(
    private readonly repo: ExportRepository,
    private readonly id: string,
    private readonly now: () => number,
  ) {
    this.last = now();
  }

  add(item: WrittenItem): void {
    this.pending.push(item);
    if (this.pending.length >= 64 || this.now() - this.last > 250) this.flush();
  }

  flush(): void {
    this.last = this.now();
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.repo.markDone(this.id, items);
  }
}

export function isSourceProblem(err: unknown, sourcePath: string): boolean {
  if (isSystemError(err)) return (err as { path?: string }).path === sourcePath;
  // sharp's decode errors and a non-PNG original are about the source, not the destination.
  return !(err instanceof WanError);
}

export function asExportError(err: unknown, destination?: string): WanError {
  if (err instanceof WanError) return err;
  const code = errorCode(err);
  // A full disk or a read-only folder says so, naming the destination (README: resume once fixed).
  if (
    destination &&
    isSystemError(err) &&
    (isDiskFull(err) || code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
  )
    return diskErrorFrom(err, { folder: destination, otherwise: 'write_failed', what: (err as Error).message });
  if (isSystemError(err) && code && (FATAL_CODES.has(code) || code === 'ENOENT'))
    return new WanError('write_failed', { detail: `${code}: ${(err as Error).message}`, cause: err });
  return toWanError(err);
}
