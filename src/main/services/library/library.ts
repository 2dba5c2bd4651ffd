import type { Database } from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { openDatabase, type OpenDatabaseOptions } from './database';
import { ImageStore } from './image-store';
import { LibraryRepository } from './library-repository';
import { recordsOf, writeImageRecords } from './library-records';
import { LibraryThumbnails } from '../thumbnails/library-thumbnails';

export const DATABASE_FILE = 'library.sqlite';
export const APP_DIR_NAME = 'Wan Studio';
/** In the default home, after `library.move`: where the library lives now (`{ "path": "<abs>" }`). */
export const LOCATION_FILE = 'library-location.json';

export type Library = {
  home: string;
  db: Database;
  repo: LibraryRepository;
  store: ImageStore;
  /** How the database was opened (Electron's native binding), to open copies of it the same way. */
  openOptions: OpenDatabaseOptions;
  /** Resolves once the record files of every commit so far are written (see library-records.ts). */
  recordsWritten: () => Promise<void>;
  /** Thumbnails, made off the main thread by a worker pool that starts on first use. */
  thumbnails: LibraryThumbnails;
  /** Closes the database and ends the thumbnail threads (work still waiting is dropped). */
  close: () => void;
};

/** Opens the library folder: the SQLite file, the image store, and their repository. */
export function openLibrary(home: string, options: OpenDatabaseOptions = {}): Library {
  const root = resolve(home);
  const db = openDatabase(join(root, DATABASE_FILE), options);
  const repo = new LibraryRepository(db);
  const store = new ImageStore({ root });
  const thumbnails = new LibraryThumbnails({ db, repo, store });
  // One writer at a time, in commit order: a later commit's record never loses to an earlier one.
  let records = Promise.resolve();
  repo.onCommitted = (_generationId, imageIds) => {
    try {
      const batch = recordsOf({ repo, store }, imageIds);
      // Temp files in tmp/, where the start-up sweep finds what a killed writer left.
      records = records.then(async () => void (await writeImageRecords(batch, { tempDir: join(root, 'tmp') })));
    } catch {
      // The database is the truth; a missing record is filled in at the next start.
    }
  };
  return {
    home: root,
    db,
    repo,
    store,
    openOptions: options,
    recordsWritten: () => records,
    thumbnails,
    close: () => {
      void thumbnails.close();
      db.close();
    },
  };
}

/**
 * Where the app keeps its library (Electron's userData for "Wan Studio"), so the CLI and the app
 * share one history unless told otherwise.
 */
export function defaultLibraryHome(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

/** The folder a default home's pointer names, or undefined when there is none or it is unreadable. */
export function readLibraryPointer(defaultHome: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(defaultHome, LOCATION_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { path?: unknown };
    return typeof parsed.path === 'string' && isAbsolute(parsed.path) ? resolve(parsed.path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The library folder a front end should open. An explicit choice (`--home`, WAN_STUDIO_HOME — the
 * caller passes it) wins; otherwise the default home, or where its pointer says the library moved
 * to. The pointer is followed only when a library database is there: an unplugged drive must not
 * silently become a new, empty library at its mount point.
 */
export function resolveLibraryHome(
  explicitHome?: string,
  env: NodeJS.ProcessEnv = process.env,
  defaultHome: string = defaultLibraryHome(env),
): string {
  if (explicitHome) return resolve(explicitHome);
  const moved = readLibraryPointer(defaultHome);
  return moved && existsSync(join(moved, DATABASE_FILE)) ? moved : resolve(defaultHome);
}
