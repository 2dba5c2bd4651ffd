import type { GenerationRequest } from '../../../shared/generation-request';
import type { Estimate } from '../../../shared/batch/pricing';
import type { BatchCounts, BatchSourceInfo, BatchStatus } from '../../../shared/batch/batch-types';
import { isClaimLive, type OwnerRow } from '../jobs/job-repository';
import { SqlRepository } from '../library/statement-cache';

// Batches in the library database (migration 9): the saved plan, its rows, who runs it, and the
// counts of its generations. Check-then-write steps run in IMMEDIATE transactions, so the app
// and CLI processes on one library never both run a batch.

export type BatchRecord = {
  id: string;
  createdAt: number;
  updatedAt: number;
  name: string;
  source: BatchSourceInfo;
  status: BatchStatus;
  totalRows: number;
  totalImages: number;
  estimate: Estimate;
  maxImages: number | null;
  maxCost: number | null;
  providerProfile: string;
  baseUrl: string;
  finishedAt: number | null;
};

export type NewBatchRow = {
  index: number;
  request: GenerationRequest & { seed: number };
  vars: Record<string, string>;
};
export type StoredBatchRow = { index: number; request: GenerationRequest & { seed: number } };

type Row = {
  id: string;
  created_at: number;
  updated_at: number;
  name: string;
  source: string;
  status: BatchStatus;
  total_rows: number;
  total_images: number;
  estimate: string;
  max_images: number | null;
  max_cost: number | null;
  provider_profile: string;
  base_url: string;
  finished_at: number | null;
};

const fromRow = (r: Row): BatchRecord => ({
  id: r.id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  name: r.name,
  source: JSON.parse(r.source) as BatchSourceInfo,
  status: r.status,
  totalRows: r.total_rows,
  totalImages: r.total_images,
  estimate: JSON.parse(r.estimate) as Estimate,
  maxImages: r.max_images,
  maxCost: r.max_cost,
  providerProfile: r.provider_profile,
  baseUrl: r.base_url,
  finishedAt: r.finished_at,
});

export class BatchRepository extends SqlRepository {
  /** The batch and all its rows, in one transaction: a plan is saved whole or not at all. */
  insert(batch: Omit<BatchRecord, 'updatedAt' | 'finishedAt'>, rows: readonly NewBatchRow[]): void {
    this.db.transaction(() => {
      this.stmt(
        `INSERT INTO batches (id, created_at, updated_at, name, source, status, total_rows, total_images, estimate,
           max_images, max_cost, provider_profile, base_url)
         VALUES (@id, @createdAt, @createdAt, @name, @source, @status, @totalRows, @totalImages, @estimate,
           @maxImages, @maxCost, @providerProfile, @baseUrl)`,
      ).run({ ...batch, source: JSON.stringify(batch.source), estimate: JSON.stringify(batch.estimate) });
      const insertRow = this.stmt('INSERT INTO batch_rows (batch_id, row_idx, request, vars) VALUES (?, ?, ?, ?)');
      for (const row of rows) insertRow.run(batch.id, row.index, JSON.stringify(row.request), JSON.stringify(row.vars));
    })();
  }

  get(id: string): BatchRecord | undefined {
    const row = this.stmt('SELECT * FROM batches WHERE id = ?').get(id) as Row | undefined;
    return row && fromRow(row);
  }

  list(limit: number): BatchRecord[] {
    const rows = this.stmt('SELECT * FROM batches ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[];
    return rows.map(fromRow);
  }

  /** The newest batch still to finish (running or paused) that no live process runs. */
  latestUnfinished(now: number): BatchRecord | undefined {
    const rows = this.stmt(
      `SELECT * FROM batches WHERE status IN ('running', 'paused') ORDER BY created_at DESC, id DESC`,
    ).all() as Array<Row & OwnerRow>;
    const free = rows.find((r) => !isClaimLive(r, now));
    return free && fromRow(free);
  }

  setStatus(id: string, status: BatchStatus, now: number): void {
    this.stmt(
      `UPDATE batches SET status = ?, updated_at = ?,
         finished_at = CASE WHEN ? IN ('done', 'canceled') THEN ? ELSE NULL END WHERE id = ?`,
    ).run(status, now, status, now, id);
  }

  /** Takes the batch for `owner` unless another live process runs it. */
  claim(id: string, owner: string, now: number): 'claimed' | 'owned-elsewhere' | 'missing' {
    return this.db
      .transaction(() => {
        const row = this.stmt('SELECT owner, owner_seen_at FROM batches WHERE id = ?').get(id) as OwnerRow | undefined;
        if (!row) return 'missing' as const;
        if (row.owner && row.owner !== owner && isClaimLive(row, now)) return 'owned-elsewhere' as const;
        this.stmt('UPDATE batches SET owner = ?, owner_seen_at = ? WHERE id = ?').run(owner, now, id);
        return 'claimed' as const;
      })
      .immediate();
  }

  heartbeat(id: string, owner: string, now: number): void {
    this.stmt('UPDATE batches SET owner_seen_at = ? WHERE id = ? AND owner = ?').run(now, id, owner);
  }

  release(id: string, owner: string): void {
    this.stmt('UPDATE batches SET owner = NULL, owner_seen_at = NULL WHERE id = ? AND owner = ?').run(id, owner);
  }

  /** Is a live process (maybe this one) running the batch now? */
  isRunningSomewhere(id: string, now: number): boolean {
    const row = this.stmt('SELECT owner, owner_seen_at FROM batches WHERE id = ?').get(id) as OwnerRow | undefined;
    return row ? isClaimLive(row, now) : false;
  }

  /** Rows after `afterRow` that have no generation yet, in order. */
  pendingRows(id: string, afterRow: number, limit: number): StoredBatchRow[] {
    const rows = this.stmt(
      `SELECT r.row_idx, r.request FROM batch_rows r
       WHERE r.batch_id = ? AND r.row_idx > ?
         AND NOT EXISTS (SELECT 1 FROM generations g WHERE g.batch_id = r.batch_id AND g.batch_row = r.row_idx)
       ORDER BY r.row_idx LIMIT ?`,
    ).all(id, afterRow, limit) as Array<{ row_idx: number; request: string }>;
    return rows.map((r) => ({ index: r.row_idx, request: JSON.parse(r.request) as StoredBatchRow['request'] }));
  }

  /** The batch's rows with their axis values (for a dry run's listing and the grid). */
  rows(id: string): Array<StoredBatchRow & { vars: Record<string, string>; generationId: string | null }> {
    const rows = this.stmt(
      `SELECT r.row_idx, r.request, r.vars, g.id AS generation_id FROM batch_rows r
       LEFT JOIN generations g ON g.batch_id = r.batch_id AND g.batch_row = r.row_idx
       WHERE r.batch_id = ? ORDER BY r.row_idx`,
    ).all(id) as Array<{ row_idx: number; request: string; vars: string; generation_id: string | null }>;
    return rows.map((r) => ({
      index: r.row_idx,
      request: JSON.parse(r.request) as StoredBatchRow['request'],
      vars: JSON.parse(r.vars) as Record<string, string>,
      generationId: r.generation_id,
    }));
  }

  /** The batch's generations with a status among `statuses` (all when omitted). */
  generationIds(id: string, statuses?: readonly string[]): string[] {
    const filter = statuses ? `AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const rows = this.stmt(`SELECT id FROM generations WHERE batch_id = ? ${filter} ORDER BY batch_row`).all(
      id,
      ...(statuses ?? []),
    ) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  counts(id: string): BatchCounts {
    const rows = this.stmt(
      `SELECT status, count(*) AS generations, coalesce(sum(billed_images), 0) AS billed
       FROM generations WHERE batch_id = ? GROUP BY status`,
    ).all(id) as Array<{ status: string; generations: number; billed: number }>;
    const images = this.stmt(
      `SELECT count(*) AS n FROM images i JOIN generations g ON g.id = i.generation_id
       WHERE g.batch_id = ? AND i.deleted_at IS NULL`,
    ).get(id) as { n: number };
    const counts: BatchCounts = {
      enqueued: 0,
      active: 0,
      done: 0,
      failed: 0,
      canceled: 0,
      interrupted: 0,
      images: images.n,
      billedImages: 0,
    };
    for (const r of rows) {
      counts.enqueued += r.generations;
      counts.billedImages += r.billed;
      const key = r.status === 'done' || r.status === 'failed' || r.status === 'canceled' || r.status === 'interrupted';
      if (key) counts[r.status as 'done' | 'failed' | 'canceled' | 'interrupted'] += r.generations;
      else counts.active += r.generations;
    }
    return counts;
  }
}
