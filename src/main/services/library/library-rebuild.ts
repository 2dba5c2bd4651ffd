import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportSummary } from '../../../shared/export-types';
import { importFolder } from '../export/importer';
import { WanError } from '../wan-error';
import { errorCode, makeDirectory, syncDirectory } from './byte-streams';
import type { OpenDatabaseOptions } from './database';
import { diskErrorFrom } from './disk-errors';
import { DATABASE_FILE, openLibrary } from './library';

// `wan-studio rebuild`: a library whose database is damaged or lost, made whole again from its
// own folder. The damaged file is kept aside (never deleted), a fresh database is made, and every
// image under images/ is registered where it is, with the ids, prompt, seed and parameters its
// record file (or embedded metadata) carries. Profiles, export history and trash marks lived
// only in the database: those are not brought back.

export type RebuildResult = {
  home: string;
  /** Where the old database went (`library.sqlite.damaged-<time>`), or null when there was none. */
  damagedFile: string | null;
  restored: number;
  plain: number;
  duplicates: number;
  failed: ImportSummary['failed'];
};

export type RebuildOptions = {
  openOptions?: OpenDatabaseOptions;
  /** Rebuild even though the database opens fine (its profiles and export history are lost). */
  isForced?: boolean;
  onProgress?: (done: number, total: number) => void;
  now?: Date;
};

/** The library at `home` must not be open anywhere while this runs. */
export async function rebuildLibrary(home: string, options: RebuildOptions = {}): Promise<RebuildResult> {
  const root = path.resolve(home);
  const dbFile = path.join(root, DATABASE_FILE);
  if (!options.isForced && (await opensFine(root, dbFile, options.openOptions ?? {})))
    throw new WanError('bad_folder', {
      detail: `the library at ${root} opens fine; rebuilding would lose its profiles and export history (pass --force to do it anyway)`,
      isRetryable: false,
    });
  const damagedFile = await moveDatabaseAside(dbFile, options.now ?? new Date());
  const images = path.join(root, 'images');
  await makeDirectory(images).catch((err: unknown) => Promise.reject(diskErrorFrom(err, { folder: images })));
  const library = openLibrary(root, options.openOptions ?? {});
  try {
    const summary = await importFolder(library, images, { isInPlace: true, onProgress: options.onProgress });
    await library.recordsWritten();
    return {
      home: root,
      damagedFile,
      restored: summary.restored,
      plain: summary.plain,
      duplicates: summary.duplicates,
      failed: summary.failed,
    };
  } finally {
    library.close();
  }
}

async function opensFine(root: string, dbFile: string, openOptions: OpenDatabaseOptions): Promise<boolean> {
  if (
    !(await stat(dbFile).then(
      (s) => s.size > 0,
      () => false,
    ))
  )
    return false;
  try {
    openLibrary(root, openOptions).close();
    return true;
  } catch (err) {
    if (err instanceof WanError && err.code === 'library_corrupt') return false;
    throw err;
  }
}

/** `library.sqlite` and its -wal/-shm to `library.sqlite.damaged-<time>[-wal|-shm]`. */
async function moveDatabaseAside(dbFile: string, now: Date): Promise<string | null> {
  const aside = `${dbFile}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  let isMoved = false;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      await rename(`${dbFile}${suffix}`, `${aside}${suffix}`);
      if (suffix === '') isMoved = true;
    } catch (err) {
      if (errorCode(err) !== 'ENOENT')
        throw diskErrorFrom(err, { folder: path.dirname(dbFile), what: 'moving the damaged database aside' });
    }
  }
  await syncDirectory(path.dirname(dbFile));
  return isMoved ? aside : null;
}
