import BetterSqlite3, { type Database } from 'better-sqlite3';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { WanError } from '../wan-error';
import { migrate } from './migrations';
import { spacedChars } from './search-plan';
import { makeDirectorySync } from './byte-streams';

export type OpenDatabaseOptions = {
  /** Path to a better_sqlite3.node built for this runtime (Electron has its own ABI). */
  nativeBinding?: string;
  isReadonly?: boolean;
};

/** Opens (and migrates) a library database: WAL, foreign keys, a busy timeout. */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (!options.isReadonly) {
    // Prompts are private: a new library is readable by its owner only (SQLite gives the -wal and
    // -shm files the database file's mode). Existing files keep whatever mode they were given.
    makeDirectorySync(dirname(file), 0o700);
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  }
  let db: Database;
  try {
    db = new BetterSqlite3(file, {
      readonly: options.isReadonly ?? false,
      nativeBinding: options.nativeBinding,
    });
  } catch (err) {
    throw new WanError('disk', {
      detail: `could not open the library database: ${(err as Error).message}`,
      cause: err,
    });
  }
  try {
    // Another process (the CLI beside the app) may hold a write lock for a moment.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Used by the per-character search index's triggers (migration 3).
    db.function('wan_chars', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? spacedChars(text) : null,
    );
    if (!options.isReadonly) {
      db.pragma('journal_mode = WAL');
      // FULL: a generation marked done survives a power cut along with its images.
      db.pragma('synchronous = FULL');
      migrate(db);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
