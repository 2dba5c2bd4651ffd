import { randomBytes } from 'node:crypto';
import { copyFile, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { FolderProblem } from '../../../shared/folder-problems';
import { WanError } from '../wan-error';
import { isDiskFull } from './disk-errors';
import { errorCode, syncDirectory, writeTextFileAtomically, makeDirectory } from './byte-streams';
import type { OpenDatabaseOptions } from './database';
import { DATABASE_FILE, type Library } from './library';
import { isInside } from './library-files';
import { LibraryRepository, type ImageFiles } from './library-repository';
import {
  checkDestination,
  copyImageFiles,
  diskError,
  makeStage,
  openCopy,
  publishStage,
  readCopy,
  realish,
  refused,
  removeStage,
  snapshotLibrary,
  type FileProblem,
  type LibraryProgress,
} from './library-copy';
import { MIGRATIONS } from './migrations';
import { InputRepository } from '../inputs/input-repository';

// Backup to a folder and restore from one. A backup is the database (SQLite online backup, safe
// while the app runs) plus exactly the image, thumbnail and input files it references, and a marker
// written last. Secrets never go in: API keys live outside the database, and only referenced
// files are copied.

export const BACKUP_MARKER = 'wan-studio-backup.json';
/** What a library folder holds besides settings files: restore replaces exactly these. */
const LIBRARY_PARTS = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'images', 'thumbs', 'inputs'];

const markerSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  images: z.number().int().min(0),
  bytes: z.number().int().min(0),
  schemaVersion: z.number().int().min(1),
  /** Images the library had but could not give (missing or damaged there): not in the backup. */
  skipped: z
    .array(z.object({ id: z.string(), path: z.string(), problem: z.enum(['missing', 'damaged']), detail: z.string() }))
    .optional(),
});
export type BackupMarker = z.infer<typeof markerSchema>;

/** `images` counts those copied; `problems` lists the ones the library could not give (see README). */
export type BackupResult = { folder: string; images: number; bytes: number; problems: FileProblem[] };
export type RestoreResult = { home: string; images: number; bytes: number; movedAsideTo: string | null };

/** A complete copy of the open library in `folder`, which must be new or empty and outside the library. */
export async function backupLibrary(
  library: Library,
  folder: string,
  onProgress?: LibraryProgress,
  now: () => Date = () => new Date(),
): Promise<BackupResult> {
  const dest = await checkDestination(library.home, folder, 'backup');
  const stage = await makeStage(dest);
  const problems: FileProblem[] = [];
  try {
    const copied = await snapshotLibrary(library, stage, onProgress, (problem) => problems.push(problem));
    const marker: BackupMarker = {
      version: 1,
      createdAt: now().toISOString(),
      images: copied.images,
      bytes: copied.bytes,
      schemaVersion: copied.schemaVersion,
      ...(problems.length > 0 ? { skipped: problems } : {}),
    };
    await writeTextFileAtomically(path.join(stage, BACKUP_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await publishStage(stage, dest);
    const imageProblems = problems.filter((p) => !p.id.startsWith('input ')).length;
    return { folder: dest, images: copied.images - imageProblems, bytes: copied.bytes, problems };
  } catch (err) {
    // removeStage runs only after every copy settled (copyImageFiles waits for them all).
    await removeStage(stage);
    throw isDiskFull(err)
      ? new WanError('disk_full', {
          detail: `the backup did not fit; nothing was left in ${path.dirname(dest)}`,
          path: path.dirname(dest),
          neededBytes: await backupSize(library),
          isRetryable: true,
          cause: err,
        })
      : err;
  }
}

/** A backup folder that cannot be restored from: permanent, and worded as one sentence naming it. */
function restoreProblem(problem: FolderProblem, folder: string) {
  return { folderProblem: problem, path: folder, folderTask: 'restore', isRetryable: false } as const;
}

/** Reads and checks a backup's marker: present, well formed, and from a schema this app knows. */
export async function readBackupMarker(folder: string): Promise<BackupMarker> {
  let text: string;
  try {
    text = await readFile(path.join(folder, BACKUP_MARKER), 'utf8');
  } catch (err) {
    throw new WanError('bad_folder', {
      detail: `no ${BACKUP_MARKER} in ${folder}: not a finished Wan Studio backup`,
      ...restoreProblem('not_a_backup', folder),
      cause: err,
    });
  }
  let marker: BackupMarker;
  try {
    marker = markerSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new WanError('bad_folder', {
      detail: `${BACKUP_MARKER} is unreadable`,
      ...restoreProblem('backup_damaged', folder),
      cause: err,
    });
  }
  if (marker.schemaVersion > MIGRATIONS.length)
    throw new WanError('bad_folder', {
      detail: `the backup was made by a newer Wan Studio (library schema ${marker.schemaVersion}); update the app first`,
      ...restoreProblem('backup_newer', folder),
    });
  return marker;
}

/**
 * Restores a backup into `home`. The backup is checked first (marker, `PRAGMA integrity_check`,
 * every file's size and sha256) on a staged copy inside `home`, so nothing is touched before the
 * whole backup proved good. A library already there is refused unless `isReplacing`; then its
 * database and files are moved aside to `<home>.before-restore-<time>`, never deleted. Settings
 * files beside the library (keys, the app's own profile) stay where they are. The library must
 * not be open anywhere while this runs.
 */
export async function restoreLibrary(
  backupFolder: string,
  home: string,
  options: { isReplacing?: boolean; openOptions?: OpenDatabaseOptions; onProgress?: LibraryProgress; now?: Date } = {},
): Promise<RestoreResult> {
  const source = path.resolve(backupFolder);
  const target = path.resolve(home);
  const [realSource, realTarget] = await Promise.all([realish(source), realish(target)]);
  if (isInside(realSource, realTarget) || isInside(realTarget, realSource))
    throw refused(`the backup ${source} and the library folder ${target} overlap`, {
      problem: 'overlaps_library',
      path: source,
      task: 'restore',
    });
  const marker = await readBackupMarker(source);
  const hasContent = await libraryHasContent(target, options.openOptions ?? {});
  if (hasContent && !options.isReplacing)
    throw refused(`${target} already holds a library; pass --replace to move it aside and restore over it`, {
      problem: 'already_a_library',
      path: target,
      task: 'restore',
    });

  const stage = path.join(target, 'tmp', `restore-${randomBytes(4).toString('hex')}`);
  try {
    await makeDirectory(stage);
    const dbFile = path.join(stage, DATABASE_FILE);
    await copyFile(path.join(source, DATABASE_FILE), dbFile).catch((err: unknown) => {
      throw new WanError('bad_folder', {
        detail: `no readable ${DATABASE_FILE} in ${source}`,
        ...restoreProblem('backup_damaged', source),
        cause: err,
      });
    });
    const db = openCopy(dbFile, options.openOptions ?? {});
    let files: ImageFiles[];
    let inputs: ImageFiles[];
    try {
      ({ files, inputs } = readCopy(db, `${DATABASE_FILE} of the backup`));
    } finally {
      db.close();
    }
    if (files.length !== marker.images)
      throw new WanError('bad_folder', {
        detail: `the marker lists ${marker.images} images, the database ${files.length}`,
        ...restoreProblem('backup_damaged', source),
      });
    // Images the library could not give when the backup was made are missing here as they were there.
    const skipped = new Set((marker.skipped ?? []).map((p) => p.id));
    const present = [...files, ...inputs].filter((f) => !skipped.has(f.id));
    const copied = await copyImageFiles(present, source, stage, options.onProgress).catch((err: unknown) => {
      // A file missing from the backup or differing from its record: the backup is at fault, not this disk.
      if (err instanceof WanError && err.code === 'disk')
        throw new WanError('bad_folder', {
          detail: `the backup is damaged: ${err.detail}`,
          ...restoreProblem('backup_damaged', source),
        });
      throw err;
    });
    const bytes = copied + (await stat(dbFile)).size;
    await syncDirectory(stage);

    const movedAsideTo = hasContent ? await moveAside(target, options.now ?? new Date()) : null;
    if (!hasContent) await clearEmptyLibrary(target);
    // The database goes last: until it is in place, the folder does not open as the restored library.
    for (const part of ['images', 'thumbs', 'inputs', DATABASE_FILE]) {
      await rename(path.join(stage, part), path.join(target, part)).catch((err: unknown) => {
        if (errorCode(err) !== 'ENOENT' || part === DATABASE_FILE) throw diskError(err, path.join(target, part));
      });
    }
    await syncDirectory(target);
    return { home: target, images: files.length, bytes, movedAsideTo };
  } catch (err) {
    throw err instanceof WanError ? err : diskError(err, target);
  } finally {
    await rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A generation or profile in the database, or any file among the images and thumbnails. */
async function libraryHasContent(home: string, openOptions: OpenDatabaseOptions): Promise<boolean> {
  for (const folder of ['images', 'thumbs', 'inputs']) if (await hasFiles(path.join(home, folder))) return true;
  const dbFile = path.join(home, DATABASE_FILE);
  if (
    !(await stat(dbFile).then(
      () => true,
      () => false,
    ))
  )
    return false;
  const db = openCopy(dbFile, openOptions);
  try {
    return (db.pragma('user_version', { simple: true }) as number) > 0 && new LibraryRepository(db).hasContent();
  } catch {
    // Unreadable counts as content: it is moved aside, never deleted.
    return true;
  } finally {
    db.close();
  }
}

async function hasFiles(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) return true;
    if (await hasFiles(path.join(dir, entry.name))) return true;
  }
  return false;
}

/** Moves the library's parts into `<home>.before-restore-<time>`; returns that folder. */
async function moveAside(home: string, now: Date): Promise<string> {
  const aside = `${home}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  await makeDirectory(aside);
  for (const part of LIBRARY_PARTS) {
    await rename(path.join(home, part), path.join(aside, part)).catch((err: unknown) => {
      if (errorCode(err) !== 'ENOENT') throw diskError(err, path.join(home, part));
    });
  }
  await syncDirectory(aside);
  return aside;
}

/** An empty library (a fresh database, empty folders) is simply replaced. */
async function clearEmptyLibrary(home: string): Promise<void> {
  for (const part of LIBRARY_PARTS) await rm(path.join(home, part), { recursive: true, force: true });
}

/** What a whole backup needs: the database, every image, every thumbnail (asked only after ENOSPC). */
async function backupSize(library: Library): Promise<number> {
  const size = (rel: string): Promise<number> =>
    stat(library.store.absolute(rel)).then(
      (s) => s.size,
      () => 0,
    );
  let total = await stat(path.join(library.home, DATABASE_FILE)).then(
    (s) => s.size,
    () => 0,
  );
  for (const file of library.repo.imageFiles()) total += file.bytes + (file.thumbPath ? await size(file.thumbPath) : 0);
  for (const input of new InputRepository(library.db).inputFiles()) total += input.bytes;
  return total;
}
