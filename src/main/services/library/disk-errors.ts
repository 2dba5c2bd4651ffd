import { statfsSync } from 'node:fs';
import { WanError } from '../wan-error';

// One mapping from what the file system said to what a person can act on: a full disk names the
// folder and the space needed; a read-only or forbidden folder names the folder. Everything that
// writes (the image store, exports, backups, the library copy) goes through here.

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);

export function fsErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isDiskFull(err: unknown): boolean {
  if (err instanceof WanError) return err.code === 'disk_full';
  const code = fsErrorCode(err);
  return code !== undefined && FULL.has(code);
}

export type DiskErrorContext = {
  /** The folder being written (absolute), shown to the person. */
  folder: string;
  /** What the write still needed, when known. */
  neededBytes?: number;
  /** The code for any other file-system failure. */
  otherwise?: 'disk' | 'write_failed';
  /** Extra words for the detail line (which file, which step). */
  what?: string;
};

/** A file-system failure as a WanError: `disk_full`, `read_only`, or `otherwise`. */
export function diskErrorFrom(err: unknown, ctx: DiskErrorContext): WanError {
  if (err instanceof WanError) return err;
  const code = fsErrorCode(err);
  const reason = code ?? (err instanceof Error ? err.message : String(err));
  const detail = ctx.what ? `${reason}: ${ctx.what}` : reason;
  if (code && FULL.has(code))
    return new WanError('disk_full', {
      detail,
      path: ctx.folder,
      neededBytes: ctx.neededBytes,
      isRetryable: true,
      cause: err,
    });
  if (code && READ_ONLY.has(code))
    return new WanError('read_only', { detail, path: ctx.folder, isRetryable: true, cause: err });
  return new WanError(ctx.otherwise ?? 'disk', { detail, path: ctx.folder, cause: err });
}

/** Below this much free space a failed write is taken for a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/**
 * SQLite reports a full disk under its WAL as a plain I/O error, and a failed write may say
 * nothing of why: when the folder's file system has (almost) no room left, say so, naming it.
 */
export function refineDiskError(err: WanError, folder: string): WanError {
  if (err.code !== 'disk' && err.code !== 'internal') return err;
  try {
    const stats = statfsSync(folder);
    if (stats.bavail * stats.bsize >= NEARLY_FULL_BYTES) return err;
  } catch {
    return err;
  }
  return new WanError('disk_full', { detail: err.detail, path: folder, isRetryable: true, cause: err });
}
