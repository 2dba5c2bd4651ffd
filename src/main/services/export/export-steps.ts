import { existsSync } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { errorCode, isSystemError } from '../library/byte-streams';
import { WanError, toWanError } from '../wan-error';
import { diskErrorFrom, isDiskFull } from '../library/disk-errors';
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
