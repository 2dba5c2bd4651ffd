import BetterSqlite3, { type Database } from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { WanError } from '../wan-error';
import { diskErrorFrom, fsErrorCode } from './disk-errors';
import { migrate } from './migrations';
import { foldText, spacedChars } from './search-plan';
import { makeDirectorySync } from './byte-streams';

export type OpenDatabaseOptions = {
  /** Path to a better_sqlite3.node built for this runtime (Electron has its own ABI). */
  nativeBinding?: string;
  isReadonly?: boolean;
};

/**
 * Opens (and migrates) a library database: WAL, foreign keys, a busy timeout. A damaged file is
 * `library_corrupt` (naming it), a folder that cannot be written is `read_only` (naming it): both
 * are things a person can act on, never "internal".
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const folder = dirname(file);
  if (!options.isReadonly) prepareFile(file, folder);
  let db: Database;
  try {
    db = new BetterSqlite3(file, {
      readonly: options.isReadonly ?? false,
      nativeBinding: options.nativeBinding,
    });
  } catch (err) {
    throw databaseError(err, file);
  }
  try {
    // Another process (the CLI beside the app) may hold a write lock for a moment.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Used by the per-character search index's triggers (migration 3).
    db.function('wan_chars', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? spacedChars(text) : null,
    );
    // The spelling both search indexes store and every query is folded to (migration 8).
    db.function('wan_fold', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? foldText(text) : null,
    );
    if (!options.isReadonly) {
      db.pragma('journal_mode = WAL');
      // FULL: a generation marked done survives a power cut along with its images.
      db.pragma('synchronous = FULL');
      // A truncated file often opens fine and fails only on the pages that are gone. Its header
      // says how many pages it has; a file shorter than that is named as damaged now, not halfway
      // through a job. (PRAGMA quick_check read every page: 1.4-3 s on a million-generation library.)
      const shortBy = truncatedBy(file);
      if (shortBy !== undefined)
        throw Object.assign(new Error(`the file is ${shortBy} bytes shorter than its header says`), {
          code: 'SQLITE_CORRUPT',
        });
      // The schema is read here, so a file that is not a database fails at open too.
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      migrate(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw databaseError(err, file);
  }
}

/**
 * Makes the folder and, for a brand-new library, the file (readable by its owner only: prompts
 * are private, and SQLite gives the -wal and -shm files the database file's mode). A zero-byte
 * file beside images is a damaged library, not a new one: opening it would silently orphan
 * every image.
 */
function prepareFile(file: string, folder: string): void {
  try {
    makeDirectorySync(folder, 0o700);
    accessSync(folder, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch (err) {
    throw readOnlyOr(err, folder);
  }
  const size = fileSize(file);
  if (size === 0 && hasAnyFile(join(folder, 'images')))
    throw corrupt(file, 'the database file is empty (0 bytes) but the library has images');
  if (size === undefined) {
    try {
      closeSync(openSync(file, 'a', 0o600));
    } catch (err) {
      throw readOnlyOr(err, folder);
    }
  }
}

/**
 * How many bytes short of its header's page count the database file is, or undefined when it is
 * whole (or too new or too small to say). The header's size is trusted only when SQLite wrote it
 * (bytes 92-95 match the change counter at 24-27), as SQLite itself does, and only when no
 * write-ahead log holds frames: a checkpoint copies pages in page order, header first, so one cut
 * short (a full disk, a kill) leaves a file shorter than its header that the log still completes —
 * SQLite finishes that checkpoint itself. (Seen: a full disk while the CLI opened its library.)
 */
export function truncatedBy(file: string): number | undefined {
  if ((fileSize(`${file}-wal`) ?? 0) > 0) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return undefined;
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    if (pageSize < 512 || pages === 0 || header.readUInt32BE(24) !== header.readUInt32BE(92)) return undefined;
    const missing = pages * pageSize - fstatSync(fd).size;
    return missing > 0 ? missing : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Whether `dir` holds a file anywhere below it (stops at the first). */
export function hasAnyFile(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isFile() || (e.isDirectory() && hasAnyFile(join(dir, e.name))));
}

const CORRUPT_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX']);

function corrupt(file: string, detail: string, cause?: unknown): WanError {
  return new WanError('library_corrupt', { detail, path: file, isRetryable: false, cause });
}

function readOnlyOr(err: unknown, folder: string): WanError {
  return diskErrorFrom(err, { folder, otherwise: 'disk', what: 'the library folder' });
}

/** What went wrong opening the database, in words a person can act on. */
export function databaseError(err: unknown, file: string): unknown {
  if (err instanceof WanError) return err;
  const code = fsErrorCode(err);
  // No code: our own error (a library from a newer Wan Studio), already in words.
  if (code === undefined) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (CORRUPT_CODES.has(code) || code.startsWith('SQLITE_CORRUPT')) return corrupt(file, `${code}: ${message}`, err);
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM')
    return new WanError('read_only', { detail: `${code}: ${message}`, path: dirname(file), cause: err });
  if (code.startsWith('SQLITE_BUSY'))
    return new WanError('library_busy', { detail: `${code}: ${message}`, isRetryable: true, cause: err });
  if (code === 'SQLITE_FULL') return new WanError('disk_full', { detail: message, path: dirname(file), cause: err });
  if (code.startsWith('SQLITE_'))
    return new WanError('disk', { detail: `${code}: ${message}`, path: file, cause: err });
  return diskErrorFrom(err, { folder: dirname(file), otherwise: 'disk', what: message });
}
