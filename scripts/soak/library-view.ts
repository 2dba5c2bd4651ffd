import type { Database } from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isTempName } from './file-check';
import { openReadOnly } from './library-check';

// A read-only look at a library while a CLI process writes to it: where a generation or an
// export stands, and which of its files have landed under their real names.

export type GenerationState = {
  id: string;
  status: string;
  createdAt: number;
  /** How many results the reply listed (once the task has finished), else null. */
  results: number | null;
};

const RANK: Record<string, number> = { queued: 0, submitting: 1, polling: 2, downloading: 3 };
/** Whether `status` is `target` or a later step of the pipeline (a finished job is past them all). */
export const isAtLeast = (status: string | undefined, target: string): boolean =>
  status !== undefined && (RANK[status] ?? 9) >= (RANK[target] ?? 9);

export class LibraryView {
  private db: Database | undefined;

  constructor(readonly home: string) {}

  private query<T>(read: (db: Database) => T): T | undefined {
    try {
      if (!this.db) {
        const file = path.join(this.home, 'library.sqlite');
        if (!existsSync(file)) return undefined;
        this.db = openReadOnly(file);
        this.db.pragma('busy_timeout = 2000');
      }
      return read(this.db);
    } catch {
      // The writer was killed mid-transaction, or holds a lock for a moment: look again later.
      return undefined;
    }
  }

  generation(tag: string): GenerationState | undefined {
    return this.query((db) => {
      const row = db
        .prepare(
          `SELECT id, status, created_at AS createdAt, json_array_length(result_items) AS results
           FROM generations WHERE prompt LIKE ? ORDER BY seq DESC LIMIT 1`,
        )
        .get(`%soak#${tag}%`) as GenerationState | undefined;
      return row;
    });
  }

  /** Finished generations (oldest first) and how many live images each has. */
  finishedGenerations(): Array<{ id: string; images: number }> {
    return (
      this.query(
        (db) =>
          db
            .prepare(
              `SELECT g.id, count(i.id) AS images FROM generations g JOIN images i ON i.generation_id = g.id
               WHERE g.status = 'done' AND i.deleted_at IS NULL GROUP BY g.id ORDER BY g.seq`,
            )
            .all() as Array<{ id: string; images: number }>,
      ) ?? []
    );
  }

  /** Files a backup copies: every image, every thumbnail, and the database. */
  backupFiles(): number {
    return (
      this.query(
        (db) => 1 + (db.prepare('SELECT count(*) + count(thumb_path) AS n FROM images').get() as { n: number }).n,
      ) ?? 1
    );
  }

  /** Of these image ids, how many the library does not hold yet. */
  countMissing(imageIds: readonly string[]): number {
    return (
      this.query((db) => {
        const has = db.prepare('SELECT 1 FROM images WHERE id = ?');
        return imageIds.filter((id) => !has.get(id)).length;
      }) ?? imageIds.length
    );
  }

  exportStatus(destination: string): string | undefined {
    return this.query(
      (db) =>
        (
          db
            .prepare('SELECT status FROM exports WHERE destination = ? ORDER BY created_at DESC LIMIT 1')
            .get(destination) as { status: string } | undefined
        )?.status,
    );
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

/** The month folder a generation's images go to (images/YYYY/MM, UTC, as the image store names it). */
export function imageFolderOf(home: string, createdAt: number): string {
  const date = new Date(createdAt);
  return path.join(home, 'images', String(date.getUTCFullYear()), String(date.getUTCMonth() + 1).padStart(2, '0'));
}

/** Files of this generation under their real names (`<id>-<index>.<ext>`). */
export function landedFiles(folder: string, generationId: string): number {
  try {
    return readdirSync(folder).filter((name) => name.startsWith(`${generationId}-`) && !isTempName(name)).length;
  } catch {
    return 0;
  }
}

/** Image files under real names anywhere below `root`. */
export function imagesUnder(root: string): number {
  return filesUnder(root, (name) => !name.startsWith('.') && !isTempName(name) && /\.(png|jpe?g|webp)$/i.test(name));
}

export function filesUnder(root: string, isCounted: (name: string) => boolean = () => true): number {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && isCounted(e.name))
      .length;
  } catch {
    return 0;
  }
}
