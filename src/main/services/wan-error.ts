import { describeError, type ErrorCode, type ErrorValue } from '../../shared/errors';
import type { FolderProblem, FolderTask } from '../../shared/folder-problems';

export type WanErrorInit = {
  detail?: string;
  upstreamCode?: string;
  httpStatus?: number;
  field?: string;
  retryAfterMs?: number;
  path?: string;
  neededBytes?: number;
  folderProblem?: FolderProblem;
  folderTask?: FolderTask;
  isRetryable?: boolean;
  cause?: unknown;
};

const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set([
  'rate_limited',
  'server',
  'network',
  'timeout',
  'malformed_response',
]);

/** The one error type the services throw; `toValue()` is what crosses any boundary. */
export class WanError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly upstreamCode?: string;
  readonly httpStatus?: number;
  readonly field?: string;
  readonly retryAfterMs?: number;
  readonly path?: string;
  readonly neededBytes?: number;
  readonly folderProblem?: FolderProblem;
  readonly folderTask?: FolderTask;
  readonly isRetryable: boolean;

  constructor(code: ErrorCode, init: WanErrorInit = {}) {
    super(
      describeError({ code, isRetryable: false, message: '', ...withoutCause(init) }, 'en'),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.name = 'WanError';
    this.code = code;
    this.detail = init.detail;
    this.upstreamCode = init.upstreamCode;
    this.httpStatus = init.httpStatus;
    this.field = init.field;
    this.retryAfterMs = init.retryAfterMs;
    this.path = init.path;
    this.neededBytes = init.neededBytes;
    this.folderProblem = init.folderProblem;
    this.folderTask = init.folderTask;
    this.isRetryable = init.isRetryable ?? RETRYABLE_BY_DEFAULT.has(code);
  }

  toValue(): ErrorValue {
    const value: ErrorValue = { code: this.code, message: this.message, isRetryable: this.isRetryable };
    if (this.detail !== undefined) value.detail = this.detail;
    if (this.upstreamCode !== undefined) value.upstreamCode = this.upstreamCode;
    if (this.httpStatus !== undefined) value.httpStatus = this.httpStatus;
    if (this.field !== undefined) value.field = this.field;
    if (this.retryAfterMs !== undefined) value.retryAfterMs = this.retryAfterMs;
    if (this.path !== undefined) value.path = this.path;
    if (this.neededBytes !== undefined) value.neededBytes = this.neededBytes;
    if (this.folderProblem !== undefined) value.folderProblem = this.folderProblem;
    if (this.folderTask !== undefined) value.folderTask = this.folderTask;
    return value;
  }
}

function withoutCause(init: WanErrorInit): Omit<WanErrorInit, 'cause' | 'isRetryable'> {
  const { cause: _cause, isRetryable: _isRetryable, ...rest } = init;
  return rest;
}

/** Anything thrown, as a WanError: unknown failures become `internal`, never a raw stack. */
export function toWanError(err: unknown): WanError {
  if (err instanceof WanError) return err;
  if (isAbortError(err)) return new WanError('canceled', { cause: err });
  const detail = err instanceof Error ? err.message : String(err);
  const fsCode = (err as { code?: unknown } | null)?.code;
  // A full or read-only disk, or a damaged database, is the person's to fix: never "internal".
  if (typeof fsCode === 'string') {
    if (fsCode === 'SQLITE_FULL' || fsCode === 'ENOSPC' || fsCode === 'EDQUOT')
      return new WanError('disk_full', { detail, cause: err, isRetryable: true });
    if (fsCode.startsWith('SQLITE_READONLY') || fsCode === 'EROFS')
      return new WanError('read_only', { detail, cause: err, isRetryable: true });
    if (fsCode.startsWith('SQLITE_CORRUPT') || fsCode === 'SQLITE_NOTADB')
      return new WanError('library_corrupt', { detail, cause: err, isRetryable: false });
    if (fsCode.startsWith('SQLITE_IOERR') || fsCode === 'EIO') return new WanError('disk', { detail, cause: err });
  }
  return new WanError('internal', { detail, cause: err });
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** Removes every secret from text that may be shown or logged (upstream sometimes echoes keys). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  // Bearer tokens of keys we were not told about.
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, 'Bearer ***').replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***');
}
