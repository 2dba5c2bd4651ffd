import BetterSqlite3, { type Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, open, readdir, readFile, realpath, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderProblem, FolderTask } from '../../../shared/folder-problems';
import { WanError } from '../wan-error';
import {
  errorCode,
  hashFile,
  isProcessAlive,
  syncDirectory,
  makeDirectory,
  writeTextFileAtomically,
} from './byte-streams';
import { diskErrorFrom, refineDiskError } from './disk-errors';
import type { OpenDatabaseOptions } from './database';
import { resolveInside } from './image-store';
import { isInside } from './library-files';
import { DATABASE_FILE, type Library } from './library';
import { InputRepository } from '../inputs/input-repository';
import { LibraryRepository, type ImageFiles } from './library-repository';

// The copy that backup, restore and move share: the database through SQLite's online backup
// (consistent while the app keeps writing), then exactly the files that copy references, each
// checked (size; sha256 for images, against the database) and flushed. Everything goes into a
// staging folder first and is renamed into place only when complete, so an interrupted copy
// never looks like a finished one.

export type LibraryProgress = (done: number, total: number) => void;
/** An image that could not be copied because the library's own file is missing or damaged. */
export type FileProblem = { id: string; path: string; problem: 'missing' | 'damaged'; detail: string };
export type CopyTotals = { images: number; bytes: number; schemaVersion: number };

const COPY_CONCURRENCY = 4;

/** A folder refused before anything is copied; with its problem, the message is one plain sentence. */
export const refused = (
  detail: string,
  folder?: { problem: FolderProblem; path: string; task?: FolderTask },
): WanError =>
  new WanError('bad_folder', {
    detail,
    isRetryable: false,
    ...(folder ? { folderProblem: folder.problem, path: folder.path, folderTask: folder.task } : {}),
  });

/** The absolute path with symlinks resolved as far as it exists, so `inside` checks see through links. */
export async function realish(target: string): Promise<string> {
  const abs = path.resolve(target);
  try {
    return await realpath(abs);
  } catch (err) {
    const parent = path.dirname(abs);
    if (parent === abs || (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR')) return abs;
    return path.join(await realish(parent), path.basename(abs));
  }
}

/** Whether a folder is missing or empty; a file where a folder should be counts as neither. */
export async function isMissingOrEmpty(folder: string): Promise<boolean> {
  try {
    return (await readdir(folder)).length === 0;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return true;
    if (errorCode(err) === 'ENOTDIR') return false;
    throw diskError(err, folder);
  }
}

/** A new folder for a library copy: empty or missing, and neither inside the library nor holding it. */
export async function checkDestination(home: string, folder: string, task?: FolderTask): Promise<string> {
  const dest = path.resolve(folder);
  const [realHome, realDest] = await Promise.all([realish(home), realish(dest)]);
  const about = (problem: FolderProblem) => ({ problem, path: dest, task });
  if (isInside(realDest, realHome))
    throw refused(`${dest} is inside the library folder ${home}`, about('inside_library'));
  if (isInside(realHome, realDest))
    throw refused(`the library folder ${home} is inside ${dest}`, about('holds_library'));
  if (!(await isMissingOrEmpty(dest))) throw refused(`${dest} is not an empty folder`, about('not_empty'));
  return dest;
}

const PARTIAL = '.wan-partial-';
/** Inside every stage: who writes it, so a later copy can tell a dead writer's leftovers from a live one. */
const STAGE_MARKER = '.wan-partial.json';

/**
 * A staging folder beside `dest` (same file system, so the final rename is atomic), private
 * (0700: prompts are private). Its name and marker carry this process's pid.
 */
export async function makeStage(dest: string): Promise<string> {
  await sweepPartials(path.dirname(dest));
  const stage = `${dest}${PARTIAL}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await makeDirectory(stage, 0o700);
    await writeTextFileAtomically(path.join(stage, STAGE_MARKER), `${JSON.stringify({ pid: process.pid })}\n`);
  } catch (err) {
    await removeStage(stage);
    throw diskError(err, path.dirname(dest), 'write_failed');
  }
  return stage;
}

/**
 * Removes what killed copies left in `parent`: folders named `<x>.wan-partial-<pid>-<hex>` whose
 * marker names that pid (or that are empty: killed before the marker) and whose writer is gone.
 * Anything else, and a live writer's stage, is left alone.
 */
export async function sweepPartials(
  parent: string,
  isAlive: (pid: number) => boolean = isProcessAlive,
): Promise<number> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    const match = /\.wan-partial-(\d{1,10})-[0-9a-f]{8}$/.exec(entry.name);
    if (!entry.isDirectory() || !match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    const folder = path.join(parent, entry.name);
    const marker = await readFile(path.join(folder, STAGE_MARKER), 'utf8').catch(() => null);
    const isOurs = marker === null ? await isMarkerUnwritten(folder) : markerPid(marker) === pid;
    if (isOurs)
      await rm(folder, { recursive: true, force: true }).then(
        () => removed++,
        () => undefined,
      );
  }
  return removed;
}

/**
 * Killed before its marker landed: the folder is empty, or holds only the marker's own temp file
 * (`..wan-partial.json.<pid>-<hex>.part`, from the atomic write that was cut short).
 */
async function isMarkerUnwritten(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => null);
  return names !== null && names.every((n) => n.startsWith(`.${STAGE_MARKER}.`) && n.endsWith('.part'));
}

function markerPid(text: string): number | undefined {
  try {
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Renames a finished stage to its final name (replacing an empty folder there) and makes it durable. */
export async function publishStage(stage: string, dest: string): Promise<void> {
  try {
    // The stage's marker is the writer's, not part of the copy.
    await rm(path.join(stage, STAGE_MARKER), { force: true });
    await rmdir(dest).catch((err: unknown) => {
      if (errorCode(err) !== 'ENOENT') throw err;
    });
    await rename(stage, dest);
    await syncDirectory(path.dirname(dest));
  } catch (err) {
    throw diskError(err, dest, 'write_failed');
  }
}

export async function removeStage(stage: string): Promise<void> {
  await rm(stage, { recursive: true, force: true }).catch(() => undefined);
}

/** Opens a database copy for checking and reading, with the library's own native binding. */
export function openCopy(file: string, options: OpenDatabaseOptions): Database {
  try {
    return new BetterSqlite3(file, { nativeBinding: options.nativeBinding, fileMustExist: true });
  } catch (err) {
    throw new WanError('bad_folder', { detail: `cannot open ${file}: ${(err as Error).message}`, cause: err });
  }
}

/**
 * `PRAGMA integrity_check`, the schema version, the image files a database copy references, and
 * its stored reference images (`inputs`, checked by sha256 like images; none before schema 6).
 */
export function readCopy(
  db: Database,
  what: string,
): { schemaVersion: number; files: ImageFiles[]; inputs: ImageFiles[] } {
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity_check: ${String(check)}`);
    const hasInputs = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inputs'").get();
    return {
      schemaVersion: Number(db.pragma('user_version', { simple: true })),
      files: new LibraryRepository(db).imageFiles(),
      inputs: hasInputs
        ? new InputRepository(db)
            .inputFiles()
            .map((f) => ({ id: `input ${f.sha256}`, path: f.path, thumbPath: null, bytes: f.bytes, sha256: f.sha256 }))
        : [],
    };
  } catch (err) {
    // Opening a copy writes beside it (-wal, -shm): on a full disk SQLite says only "disk I/O error".
    const code = errorCode(err);
    if (typeof code === 'string' && /^SQLITE_(IOERR|FULL|CANTOPEN)/.test(code)) {
      const folder = path.dirname(db.name);
      throw refineDiskError(diskError(err, folder), folder);
    }
    throw new WanError('bad_folder', { detail: `${what}: ${(err as Error).message}`, cause: err });
  }
}

/**
 * Snapshots the open library into `stage` and copies the files the snapshot references. The list
 * comes from the snapshot, not the live database, so files and rows always agree.
 */
export async function snapshotLibrary(
  library: Library,
  stage: string,
  onProgress?: LibraryProgress,
  onProblem?: (problem: FileProblem) => void,
): Promise<CopyTotals> {
  const dbFile = path.join(stage, DATABASE_FILE);
  try {
    await library.db.backup(dbFile);
    // Prompts are private: the copy is readable by its owner only, as the library itself.
    await chmod(dbFile, 0o600);
  } catch (err) {
    throw diskError(err, stage, 'write_failed');
  }
  const snapshot = openCopy(dbFile, library.openOptions);
  let copied: CopyTotals;
  try {
    const { schemaVersion, files, inputs } = readCopy(snapshot, 'the snapshot');
    // Reference images travel with the images that were made from them (progress counts images).
    const bytes =
      (await copyImageFiles(files, library.home, stage, onProgress, onProblem)) +
      (await copyImageFiles(inputs, library.home, stage, undefined, onProblem));
    copied = { images: files.length, bytes, schemaVersion };
  } finally {
    snapshot.close();
  }
  return { ...copied, bytes: copied.bytes + (await stat(dbFile)).size };
}

/**
 * Copies each image (and its thumbnail, when there is one) from one library folder to another,
 * a few at a time, verifying every copy. Returns the bytes copied. Both ends go through the
 * library's path guard: a tampered row cannot read or write outside either folder.
 */
export async function copyImageFiles(
  files: readonly ImageFiles[],
  fromRoot: string,
  toRoot: string,
  onProgress?: LibraryProgress,
  onProblem?: (problem: FileProblem) => void,
): Promise<number> {
  const total = files.length;
  let next = 0;
  let done = 0;
  let bytes = 0;
  let isFailed = false;
  const dirs = new Set<string>();
  onProgress?.(0, total);
  const worker = async (): Promise<void> => {
    while (next < files.length && !isFailed) {
      const file = files[next++]!;
      try {
        const image = await copyVerified(file.path, fromRoot, toRoot, dirs, { bytes: file.bytes, sha256: file.sha256 });
        const thumb = file.thumbPath ? await copyVerified(file.thumbPath, fromRoot, toRoot, dirs, 'optional') : 0;
        bytes += image + thumb;
      } catch (err) {
        // With a reporter, a missing or damaged original is listed and the rest still copied.
        const problem = onProblem && err instanceof SourceProblem ? err.problem : undefined;
        if (!problem) {
          isFailed = true;
          throw err;
        }
        await rm(guarded(toRoot, file.path), { force: true });
        onProblem!({ id: file.id, path: file.path, problem, detail: (err as SourceProblem).detail ?? '' });
      }
      onProgress?.(++done, total);
    }
  };
  // Every copy settles before this returns or throws: a caller removing the stage after a
  // failure must not race copies still writing into it.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(COPY_CONCURRENCY, files.length) }, worker));
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  // New folders' entries must be durable too, up to the copy's root (whose own entry the final rename covers).
  const toSync = new Set<string>();
  for (let dir of dirs) for (; isInside(dir, toRoot) && !toSync.has(dir); dir = path.dirname(dir)) toSync.add(dir);
  for (const dir of toSync) await syncDirectory(dir).catch((err: unknown) => Promise.reject(diskError(err, dir)));
  return bytes;
}

type Expected = { bytes: number; sha256: string } | 'optional';

/** The original (not the copy) is missing or differs from its record: a `disk` error, marked. */
export class SourceProblem extends WanError {
  constructor(
    readonly problem: FileProblem['problem'],
    detail: string,
  ) {
    super('disk', { detail, isRetryable: false });
  }
}

/** One file: copy, compare, flush. A thumbnail may be missing (it is made again); an image may not. */
async function copyVerified(
  rel: string,
  fromRoot: string,
  toRoot: string,
  dirs: Set<string>,
  expected: Expected,
): Promise<number> {
  const from = guarded(fromRoot, rel);
  const to = guarded(toRoot, rel);
  const dir = path.dirname(to);
  try {
    if (!dirs.has(dir)) {
      await makeDirectory(dir, 0o700);
      dirs.add(dir);
    }
    await copyFile(from, to, constants.COPYFILE_EXCL);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT' || (await exists(from))) throw diskError(err, to, 'write_failed');
    if (expected === 'optional') return 0;
    throw new SourceProblem('missing', `${rel} is missing from ${fromRoot}`);
  }
  try {
    const copy = await hashFile(to);
    const size = expected === 'optional' ? (await stat(from)).size : expected.bytes;
    const isSame = copy.bytes === size && (expected === 'optional' || copy.sha256 === expected.sha256);
    if (!isSame)
      throw new SourceProblem(
        'damaged',
        `${rel} differs from the library's record (${copy.bytes} bytes, sha256 ${copy.sha256.slice(0, 12)}…): the original may be damaged`,
      );
    const fh = await open(to, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    return copy.bytes;
  } catch (err) {
    throw err instanceof WanError ? err : diskError(err, to, 'write_failed');
  }
}

function guarded(root: string, rel: string): string {
  const abs = resolveInside(root, rel);
  if (abs === undefined)
    throw new WanError('internal', { detail: `refused a path outside the library: ${JSON.stringify(rel)}` });
  return abs;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * A file-system failure as a WanError: `disk_full` or `read_only` naming `where`, else `disk`, or
 * `write_failed` when it was the chosen folder that failed.
 */
export function diskError(err: unknown, where: string, code: 'disk' | 'write_failed' = 'disk'): WanError {
  // SQLite's online backup reports a full disk in its own words.
  const sqliteFull =
    errorCode(err) === 'SQLITE_FULL' ? Object.assign(new Error('SQLITE_FULL'), { code: 'ENOSPC' }) : err;
  return diskErrorFrom(sqliteFull, { folder: where, otherwise: code, what: where });
}
