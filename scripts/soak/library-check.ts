import BetterSqlite3, { type Database } from 'better-sqlite3';
import { RECORD_SUFFIX } from '../../src/main/services/library/library-records';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SimStatsReport } from '../../src/main/services/simulator/sim-stats';
import { isFile, isTempName, scanFolder, sha256Of, type FileRecord, type FileScan } from './file-check';
import { tagOf } from './plan';

// The soak's end checks, on the files and databases alone (read-only), against what the
// simulator says it accepted. Each returns what it found, so a test can feed it a broken library.

const DATABASE_FILE = 'library.sqlite';
const BACKUP_MARKER = 'wan-studio-backup.json';
const UNFINISHED = new Set(['queued', 'submitting', 'polling', 'downloading']);

export function openReadOnly(dbFile: string): Database {
  return new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
}

/** `PRAGMA integrity_check` of a database file: 'ok', or what it found. */
export function integrityOf(dbFile: string): string {
  try {
    const db = openReadOnly(dbFile);
    try {
      return String(db.pragma('integrity_check', { simple: true }));
    } finally {
      db.close();
    }
  } catch (err) {
    return `cannot open: ${(err as Error).message}`;
  }
}

type GenerationRow = { id: string; status: string; task_id: string | null; has_items: number; prompt: string };
type ImageRow = { id: string; generation_id: string; idx: number; path: string; bytes: number; sha256: string };

export type LostImages = {
  tag: string;
  taskId: string;
  generationId: string | null;
  status: string | null;
  indexes: number[];
  reason: string;
};

export type GenerationCheck = {
  tasksAccepted: number;
  imagesExpected: number;
  imagesOnDisk: number;
  lost: LostImages[];
  /** A tag (one generation) that caused more than one accepted create. */
  duplicates: Array<{ tag: string; taskIds: string[] }>;
  /** Accepted while the create was in flight and never recorded: never resent, by design. */
  unrecorded: { tasks: number; images: number; notInterrupted: Array<{ tag: string; status: string | null }> };
  /** Generations still in a working state after recovery. */
  stuck: Array<{ tag: string; generationId: string; status: string }>;
};

export function checkGenerations(home: string, sim: SimStatsReport): GenerationCheck {
  const db = openReadOnly(path.join(home, DATABASE_FILE));
  let rows: GenerationRow[];
  let images: ImageRow[];
  try {
    rows = db
      .prepare(
        "SELECT id, status, task_id, result_items IS NOT NULL AS has_items, prompt FROM generations WHERE prompt LIKE '%soak#%'",
      )
      .all() as GenerationRow[];
    images = db
      .prepare('SELECT id, generation_id, idx, path, bytes, sha256 FROM images WHERE deleted_at IS NULL')
      .all() as ImageRow[];
  } finally {
    db.close();
  }
  const byTag = new Map<string, GenerationRow>();
  for (const row of rows) {
    const tag = tagOf(row.prompt);
    if (tag) byTag.set(tag, row);
  }
  const imageAt = new Map(images.map((i) => [`${i.generation_id}/${i.idx}`, i]));
  const check: GenerationCheck = {
    tasksAccepted: 0,
    imagesExpected: 0,
    imagesOnDisk: 0,
    lost: [],
    duplicates: [],
    unrecorded: { tasks: 0, images: 0, notInterrupted: [] },
    stuck: [],
  };
  const tasksByTag = new Map<string, string[]>();
  for (const task of sim.tasks) {
    const tag = tagOf(task.prompt);
    if (!tag) continue;
    check.tasksAccepted++;
    tasksByTag.set(tag, [...(tasksByTag.get(tag) ?? []), task.id]);
    const row = byTag.get(tag);
    const isRecorded =
      row !== undefined &&
      (row.task_id === task.id || (task.mode === 'sync' && (row.has_items === 1 || row.status === 'done')));
    if (!isRecorded) {
      check.unrecorded.tasks++;
      check.unrecorded.images += task.imageCount;
      if (!row || !['interrupted', 'failed', 'canceled'].includes(row.status))
        check.unrecorded.notInterrupted.push({ tag, status: row?.status ?? null });
      continue;
    }
    check.imagesExpected += task.imageCount;
    const lose = (indexes: number[], reason: string): void =>
      void check.lost.push({ tag, taskId: task.id, generationId: row.id, status: row.status, indexes, reason });
    if (!task.images) {
      lose(
        Array.from({ length: task.imageCount }, (_, i) => i),
        'the task was never finished: no one polled it',
      );
      continue;
    }
    for (const image of task.images) {
      const stored = imageAt.get(`${row.id}/${image.index}`);
      if (!stored) lose([image.index], 'no image row');
      else if (!isFile(path.join(home, stored.path))) lose([image.index], 'the row has no file');
      else if (stored.sha256 !== image.sha256 || sha256Of(readFileSync(path.join(home, stored.path))) !== image.sha256)
        lose([image.index], 'the file is not the image the simulator served');
      else check.imagesOnDisk++;
    }
  }
  for (const [tag, taskIds] of tasksByTag) if (taskIds.length > 1) check.duplicates.push({ tag, taskIds });
  for (const [tag, row] of byTag)
    if (UNFINISHED.has(row.status)) check.stuck.push({ tag, generationId: row.id, status: row.status });
  return check;
}

/** A library folder's files: images and thumbnails checked against their rows, tmp/ as leftovers. */
export function scanLibrary(home: string): FileScan & { orphans: string[]; rowsWithoutFile: string[] } {
  const records = new Map<string, FileRecord>();
  const rowsWithoutFile: string[] = [];
  const db = openReadOnly(path.join(home, DATABASE_FILE));
  try {
    const rows = db.prepare('SELECT path, bytes, sha256, thumb_path FROM images').all() as Array<
      Pick<ImageRow, 'path' | 'bytes' | 'sha256'> & { thumb_path: string | null }
    >;
    for (const row of rows) {
      const abs = path.join(home, row.path);
      records.set(abs, { bytes: row.bytes, sha256: row.sha256 });
      if (!isFile(abs)) rowsWithoutFile.push(abs);
    }
  } finally {
    db.close();
  }
  const scan = scanFolder(home, { tempDirs: ['tmp'], records });
  const orphans: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      // `<image>.wan.json` is the record kept beside each image (library-records.ts), not an image.
      else if (!isTempName(entry.name) && !entry.name.endsWith(RECORD_SUFFIX) && !records.has(abs)) orphans.push(abs);
    }
  };
  walk(path.join(home, 'images'));
  return { ...scan, orphans, rowsWithoutFile };
}

export type ExportCheck = { finished: number; unfinished: string[]; missing: string[]; folders: string[] };

/** Every export the library records as done holds every file it wrote, whole (see scanFolder). */
export function checkExports(home: string): ExportCheck & { records: Map<string, FileRecord> } {
  const db = openReadOnly(path.join(home, DATABASE_FILE));
  const check: ExportCheck & { records: Map<string, FileRecord> } = {
    finished: 0,
    unfinished: [],
    missing: [],
    folders: [],
    records: new Map(),
  };
  try {
    const exports = db.prepare('SELECT id, status, destination FROM exports').all() as Array<{
      id: string;
      status: string;
      destination: string;
    }>;
    const items = db.prepare(
      "SELECT final_path, sha256, bytes FROM export_items WHERE export_id = ? AND status = 'done'",
    );
    for (const row of exports) {
      check.folders.push(row.destination);
      if (row.status !== 'done') {
        check.unfinished.push(`${row.id} (${row.status}) → ${row.destination}`);
        continue;
      }
      check.finished++;
      for (const item of items.all(row.id) as Array<{ final_path: string; sha256: string; bytes: number }>) {
        const abs = path.join(row.destination, ...item.final_path.split('/'));
        check.records.set(abs, { bytes: item.bytes, sha256: item.sha256 });
        if (!isFile(abs)) check.missing.push(abs);
      }
    }
  } finally {
    db.close();
  }
  return check;
}

export type BackupCheck = { folder: string; isFinished: boolean; integrity: string; missing: string[] };

/** A folder under a real name must be a whole backup: marker, a sound database, every file. */
export function checkBackup(folder: string): BackupCheck & { records: Map<string, FileRecord> } {
  const records = new Map<string, FileRecord>();
  const check = { folder, isFinished: isFile(path.join(folder, BACKUP_MARKER)), integrity: '', missing: [], records };
  const dbFile = path.join(folder, DATABASE_FILE);
  check.integrity = integrityOf(dbFile);
  if (check.integrity !== 'ok') return check;
  const db = openReadOnly(dbFile);
  try {
    const rows = db.prepare('SELECT path, bytes, sha256, thumb_path FROM images').all() as Array<{
      path: string;
      bytes: number;
      sha256: string;
      thumb_path: string | null;
    }>;
    for (const row of rows) {
      const abs = path.join(folder, row.path);
      records.set(abs, { bytes: row.bytes, sha256: row.sha256 });
      if (!isFile(abs)) (check.missing as string[]).push(abs);
      if (row.thumb_path && !isFile(path.join(folder, row.thumb_path)))
        (check.missing as string[]).push(path.join(folder, row.thumb_path));
    }
  } finally {
    db.close();
  }
  return check;
}

/** Every file listed in each imported folder's manifest is in the import library (by id or content). */
export function checkImports(home: string, sources: readonly string[]): { missing: string[] } {
  const db = openReadOnly(path.join(home, DATABASE_FILE));
  const missing: string[] = [];
  try {
    const byId = db.prepare('SELECT 1 FROM images WHERE id = ?');
    const bySha = db.prepare('SELECT 1 FROM images WHERE sha256 = ?');
    for (const source of sources) {
      const manifest = JSON.parse(readFileSync(path.join(source, 'manifest.json'), 'utf8')) as {
        items: Array<{ file: string; imageId: string; sha256: string }>;
      };
      for (const entry of manifest.items)
        if (!byId.get(entry.imageId) && !bySha.get(entry.sha256)) missing.push(path.join(source, entry.file));
    }
  } finally {
    db.close();
  }
  return { missing };
}
