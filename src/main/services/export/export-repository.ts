import type { ErrorValue } from '../../../shared/errors';
import {
  exportOptionsSchema,
  type ExportOptions,
  type ExportStatus,
  type ExportView,
} from '../../../shared/export-types';
import { SqlRepository } from '../library/statement-cache';

// The export tables: one row per export, one per image to write. Every step of an item is
// recorded before the file system is touched, so a killed export can be resumed exactly.

export type ExportItemStatus = 'pending' | 'done' | 'skipped' | 'failed';

/** An item as planned: its name decided, or skipped because a file was already there. */
export type PlannedItem = {
  imageId: string;
  plannedPath: string;
  finalPath: string | null;
  status: 'pending' | 'skipped';
  isOverwrite: boolean;
};

/** `warning`: written, but something about it is worth saying (its original no longer matches its record). */
export type WrittenItem = { seq: number; finalPath: string; sha256: string; bytes: number; warning?: string };

export type ExportItem = {
  seq: number;
  imageId: string;
  plannedPath: string;
  finalPath: string | null;
  isOverwrite: boolean;
  status: ExportItemStatus;
  sha256: string | null;
  bytes: number | null;
  error: string | null;
};

type ExportRow = {
  id: string;
  created_at: number;
  status: ExportStatus;
  destination: string;
  options: string;
  total: number;
  error_code: ErrorValue['code'] | null;
  error_message: string | null;
  error_detail: string | null;
  finished_at: number | null;
  done: number;
  skipped: number;
  failed: number;
  bytes: number;
};

type ItemRow = {
  seq: number;
  image_id: string;
  planned_path: string;
  final_path: string | null;
  is_overwrite: number;
  status: ExportItemStatus;
  sha256: string | null;
  bytes: number | null;
  error: string | null;
};

const VIEW_SQL = `SELECT e.*,
    (SELECT count(*) FROM export_items i WHERE i.export_id = e.id AND i.status = 'done') AS done,
    (SELECT count(*) FROM export_items i WHERE i.export_id = e.id AND i.status = 'skipped') AS skipped,
    (SELECT count(*) FROM export_items i WHERE i.export_id = e.id AND i.status = 'failed') AS failed,
    (SELECT coalesce(sum(bytes), 0) FROM export_items i WHERE i.export_id = e.id AND i.status = 'done') AS bytes
  FROM exports e`;

const toView = (row: ExportRow): ExportView => ({
  id: row.id,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
  status: row.status,
  destination: row.destination,
  options: exportOptionsSchema.parse(JSON.parse(row.options)),
  total: row.total,
  done: row.done,
  skipped: row.skipped,
  failed: row.failed,
  bytes: row.bytes,
  error: row.error_code
    ? {
        code: row.error_code,
        message: row.error_message ?? '',
        detail: row.error_detail ?? undefined,
        isRetryable: true,
      }
    : null,
});

const toItem = (row: ItemRow): ExportItem => ({
  seq: row.seq,
  imageId: row.image_id,
  plannedPath: row.planned_path,
  finalPath: row.final_path,
  isOverwrite: row.is_overwrite === 1,
  status: row.status,
  sha256: row.sha256,
  bytes: row.bytes,
  error: row.error,
});

export class ExportRepository extends SqlRepository {
  /** The export and all its planned items, in one transaction. */
  create(id: string, destination: string, options: ExportOptions, items: readonly PlannedItem[], now: number): void {
    const insertItem = this.stmt(
      `INSERT INTO export_items (export_id, seq, image_id, planned_path, final_path, status, is_overwrite)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.stmt(
        `INSERT INTO exports (id, created_at, updated_at, status, destination, options, total, runner_pid)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`,
      ).run(id, now, now, destination, JSON.stringify(options), items.length, process.pid);
      items.forEach((item, seq) =>
        insertItem.run(id, seq, item.imageId, item.plannedPath, item.finalPath, item.status, item.isOverwrite ? 1 : 0),
      );
    })();
  }

  get(id: string): ExportView | undefined {
    const row = this.stmt(`${VIEW_SQL} WHERE e.id = ?`).get(id) as ExportRow | undefined;
    return row && toView(row);
  }

  list(limit: number): ExportView[] {
    return (this.stmt(`${VIEW_SQL} ORDER BY e.created_at DESC, e.id DESC LIMIT ?`).all(limit) as ExportRow[]).map(
      toView,
    );
  }

  byStatus(statuses: readonly ExportStatus[]): ExportView[] {
    const marks = statuses.map(() => '?').join(', ');
    return (
      this.stmt(`${VIEW_SQL} WHERE e.status IN (${marks}) ORDER BY e.created_at`).all(...statuses) as ExportRow[]
    ).map(toView);
  }

  setStatus(id: string, status: ExportStatus, error: ErrorValue | null, now: number): void {
    const isFinal = status !== 'running';
    this.stmt(
      `UPDATE exports SET status = ?, updated_at = ?, finished_at = ?, error_code = ?, error_message = ?, error_detail = ?
       WHERE id = ?`,
    ).run(status, now, isFinal ? now : null, error?.code ?? null, error?.message ?? null, error?.detail ?? null, id);
  }

  /**
   * Makes this process the export's only writer, in one transaction: refused (with the other
   * process's pid) while a live process holds it.
   */
  claim(id: string, pid: number, isAlive: (pid: number) => boolean): { ok: true } | { ok: false; pid: number } {
    return this.db
      .transaction(() => {
        const row = this.stmt('SELECT runner_pid FROM exports WHERE id = ?').get(id) as
          { runner_pid: number | null } | undefined;
        const holder = row?.runner_pid ?? null;
        if (holder !== null && holder !== pid && isAlive(holder)) return { ok: false as const, pid: holder };
        this.stmt('UPDATE exports SET runner_pid = ? WHERE id = ?').run(pid, id);
        return { ok: true as const };
      })
      .immediate();
  }

  release(id: string, pid: number): void {
    this.stmt('UPDATE exports SET runner_pid = NULL WHERE id = ? AND runner_pid = ?').run(id, pid);
  }

  /** Items still to write, in order. */
  unfinishedItems(id: string): ExportItem[] {
    return (
      this.stmt("SELECT * FROM export_items WHERE export_id = ? AND status = 'pending' ORDER BY seq").all(
        id,
      ) as ItemRow[]
    ).map(toItem);
  }

  items(id: string): ExportItem[] {
    return (this.stmt('SELECT * FROM export_items WHERE export_id = ? ORDER BY seq').all(id) as ItemRow[]).map(toItem);
  }

  /** Written files, recorded in one transaction per batch (one fsync, not one per file). */
  markDone(id: string, written: readonly WrittenItem[]): void {
    if (written.length === 0) return;
    const update = this.stmt(
      "UPDATE export_items SET status = 'done', final_path = ?, sha256 = ?, bytes = ?, error = ? WHERE export_id = ? AND seq = ?",
    );
    this.db.transaction(() => {
      for (const w of written) update.run(w.finalPath, w.sha256, w.bytes, w.warning ?? null, id, w.seq);
    })();
  }

  markSkipped(id: string, seq: number): void {
    this.stmt("UPDATE export_items SET status = 'skipped' WHERE export_id = ? AND seq = ?").run(id, seq);
  }

  markFailed(id: string, seq: number, message: string): void {
    this.stmt("UPDATE export_items SET status = 'failed', error = ? WHERE export_id = ? AND seq = ?").run(
      message,
      id,
      seq,
    );
  }

  /** Failed items get another go when an export is resumed. */
  retryFailed(id: string): void {
    this.stmt("UPDATE export_items SET status = 'pending', error = NULL WHERE export_id = ? AND status = 'failed'").run(
      id,
    );
  }
}
