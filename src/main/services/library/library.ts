import type { Database } from 'better-sqlite3';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase, type OpenDatabaseOptions } from './database';
import { ImageStore } from './image-store';
import { LibraryRepository } from './library-repository';

export const DATABASE_FILE = 'library.sqlite';
export const APP_DIR_NAME = 'Wan Studio';

export type Library = { home: string; db: Database; repo: LibraryRepository; store: ImageStore; close: () => void };

/** Opens the library folder: the SQLite file, the image store, and their repository. */
export function openLibrary(home: string, options: OpenDatabaseOptions = {}): Library {
  const root = resolve(home);
  const db = openDatabase(join(root, DATABASE_FILE), options);
  return { home: root, db, repo: new LibraryRepository(db), store: new ImageStore({ root }), close: () => db.close() };
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
