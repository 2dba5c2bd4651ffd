import { closeSync, openSync, readSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { AppLogger } from './logger';

// "Library opened", and whether opening it migrated the schema. The migration itself runs inside
// openDatabase, which reports nothing; the version before it is read from the file's header.

const HEADER = 'SQLite format 3\u0000';
/** `PRAGMA user_version` lives at byte 60 of the header, a big-endian 32-bit integer. */
const USER_VERSION_OFFSET = 60;

/**
 * The schema version a library file had before it was opened, or null for a new (or unreadable)
 * file. Exact for a cleanly closed library; one killed mid-write may still hold a newer version in
 * its WAL, which only makes the log show no migration where there was none to run.
 */
export function schemaVersionOnDisk(file: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(USER_VERSION_OFFSET + 4);
    if (readSync(fd, header, 0, header.length, 0) < header.length) return null;
    if (header.toString('latin1', 0, HEADER.length) !== HEADER) return null;
    return header.readUInt32BE(USER_VERSION_OFFSET);
  } finally {
    closeSync(fd);
  }
}

export function logLibraryOpened(
  logger: AppLogger,
  library: { home: string; db: Database },
  before: number | null,
): void {
  const { home } = library;
  const after = library.db.pragma('user_version', { simple: true }) as number;
  if (before === null) return logger.info('library created', { home, schema: after });
  logger.info('library opened', { home, schema: after });
  if (before !== after) logger.info('library migrated', { home, from: before, to: after });
}
