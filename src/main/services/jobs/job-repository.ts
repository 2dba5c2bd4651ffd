import type { GenerationRecord, GenerationWaiting } from '../../../shared/library-types';
import { isProcessAlive } from '../library/byte-streams';
import { SqlRepository } from '../library/statement-cache';

// The job engine's shared state in the library database: who owns a job (one process at a time
// sends, polls or downloads for it), the upstream slot ledger, and creates waiting their turn.
// Every check-then-write runs in an IMMEDIATE transaction, so two processes cannot both win.

/** A live owner refreshes its claims this often; a claim older than OWNER_STALE_MS is free. */
export const OWNER_HEARTBEAT_MS = 5_000;
export const OWNER_STALE_MS = 30_000;

/**
 * A slot whose job no live process follows (its owner was killed or quit) still counts this long
 * after its create: upstream may still run it, but nobody will say when it ends. Kept short (a
 * typical task's time): erring low costs a throttled create that waits its turn; erring high
 * would stall every later job behind tasks that ended long ago.
 */
export const ORPHAN_SLOT_MS = 30_000;

/** Slots of a provider held now: followed by a live owner, or created recently enough. */
const HELD_SLOTS = `SELECT count(*) AS n FROM generations
  WHERE slot_key = @slotKey AND slot_until > @now AND id != @id
    AND (owner_seen_at > @ownerFresh OR coalesce(submitted_at, updated_at) > @orphanSince)`;

export type OwnerRow = { owner: string | null; owner_seen_at: number | null };

/** "<pid>:<token>": the pid lets a dead owner be seen at once, the token tells engines apart. */
export function ownerId(pid: number, token: string): string {
  return `${pid}:${token}`;
}

/** Is that claim still held by a running process? A killed owner's claims are free at once. */
export function isClaimLive(row: OwnerRow, now: number): boolean {
  if (!row.owner || row.owner_seen_at === null) return false;
  if (now - row.owner_seen_at > OWNER_STALE_MS) return false;
  return isProcessAlive(Number(row.owner.split(':')[0]));
}

export type ClaimResult = 'claimed' | 'owned-elsewhere' | 'missing';

export class JobRepository extends SqlRepository {
  /** Takes the job for `owner` unless another live process holds it. */
  claim(id: string, owner: string, now: number): ClaimResult {
    return this.db
      .transaction((): ClaimResult => {
        const row = this.stmt('SELECT owner, owner_seen_at FROM generations WHERE id = ?').get(id) as
          OwnerRow | undefined;
        if (!row) return 'missing';
        if (row.owner && row.owner !== owner && isClaimLive(row, now)) return 'owned-elsewhere';
        this.stmt('UPDATE generations SET owner = ?, owner_seen_at = ? WHERE id = ?').run(owner, now, id);
        return 'claimed';
      })
      .immediate();
  }

  /** Gives a job up (it ended, or this process stops): another process may take it from here. */
  release(id: string, owner: string): void {
    this.stmt('UPDATE generations SET owner = NULL, owner_seen_at = NULL WHERE id = ? AND owner = ?').run(id, owner);
  }

  heartbeat(owner: string, now: number): void {
    this.stmt('UPDATE generations SET owner_seen_at = ? WHERE owner = ?').run(now, owner);
  }

  ownerOf(id: string): OwnerRow | undefined {
    return this.stmt('SELECT owner, owner_seen_at FROM generations WHERE id = ?').get(id) as OwnerRow | undefined;
  }

  /** Slots of `slotKey` held at `now`, by any process. */
  heldSlots(slotKey: string, now: number): number {
    return this.countHeld(slotKey, now, '');
  }

  private countHeld(slotKey: string, now: number, id: string): number {
    const row = this.stmt(HELD_SLOTS).get({
      slotKey,
      now,
      id,
      ownerFresh: now - OWNER_STALE_MS,
      orphanSince: now - ORPHAN_SLOT_MS,
    }) as { n: number };
    return row.n;
  }

  /**
   * Takes one of `limit` concurrent slots for the job's create, held until `holdUntil` unless
   * released earlier. False when every slot is taken.
   */
  tryTakeSlot(id: string, slotKey: string, limit: number, now: number, holdUntil: number): boolean {
    return this.db
      .transaction((): boolean => {
        if (this.countHeld(slotKey, now, id) >= limit) return false;
        // Not yet 'submitting': that is said the moment the request leaves (a kill before then
        // must not make the job look possibly billed).
        this.stmt(
          `UPDATE generations SET slot_key = ?, slot_until = ?, wait_reason = NULL, next_try_at = NULL,
             updated_at = ? WHERE id = ?`,
        ).run(slotKey, holdUntil, now, id);
        return true;
      })
      .immediate();
  }

  /** Keeps the slot until `until`, or frees it now (`null`): upstream ended the task. */
  holdSlotUntil(id: string, until: number | null): void {
    this.stmt('UPDATE generations SET slot_until = ? WHERE id = ?').run(until, id);
  }

  setWaiting(id: string, waiting: GenerationWaiting | null, now: number): void {
    this.stmt(
      `UPDATE generations SET status = CASE WHEN ? IS NULL THEN status ELSE 'queued' END, wait_reason = ?,
         next_try_at = ?, queue_deadline_at = coalesce(?, queue_deadline_at), updated_at = ? WHERE id = ?`,
    ).run(
      waiting?.reason ?? null,
      waiting?.reason ?? null,
      waiting?.nextTryAt ?? null,
      waiting?.deadlineAt ?? null,
      now,
      id,
    );
  }

  setQueueDeadline(id: string, deadlineAt: number | null): void {
    this.stmt('UPDATE generations SET queue_deadline_at = ? WHERE id = ?').run(deadlineAt, id);
  }

  setQuiet(id: string, isQuiet: boolean): void {
    this.stmt('UPDATE generations SET is_quiet = ? WHERE id = ?').run(isQuiet ? 1 : 0, id);
  }

  setBilled(id: string, images: number): void {
    this.stmt('UPDATE generations SET billed_images = ? WHERE id = ?').run(images, id);
  }

  /** The generation already made for a batch row, if any. */
  generationOfBatchRow(batchId: string, row: number): string | undefined {
    const found = this.stmt('SELECT id FROM generations WHERE batch_id = ? AND batch_row = ?').get(batchId, row) as
      { id: string } | undefined;
    return found?.id;
  }

  linkBatchRow(id: string, batchId: string, row: number): void {
    this.stmt('UPDATE generations SET batch_id = ?, batch_row = ? WHERE id = ?').run(batchId, row, id);
  }

  /** A canceled job's billed images come back out of the trash, and the job counts as done. */
  restoreFromTrash(id: string, now: number): void {
    this.db.transaction(() => {
      this.stmt('UPDATE images SET deleted_at = NULL WHERE generation_id = ?').run(id);
      this.stmt(
        `UPDATE generations SET status = 'done', error_code = NULL, error_message = NULL, error_detail = NULL,
           updated_at = ? WHERE id = ?`,
      ).run(now, id);
    })();
  }

  /** Clears a finished job's task and results so a retry can send a new create. */
  resetForCreate(id: string, now: number, profile: { name: string; baseUrl: string }): void {
    this.stmt(
      `UPDATE generations SET status = 'queued', task_id = NULL, result_items = NULL, progress = 0,
         error_code = NULL, error_message = NULL, error_detail = NULL, submitted_at = NULL, finished_at = NULL,
         wait_reason = NULL, next_try_at = NULL, queue_deadline_at = NULL, is_quiet = 0, updated_at = ?,
         provider_profile = ?, base_url = ?
       WHERE id = ?`,
    ).run(now, profile.name, profile.baseUrl, id);
  }

  /** Back to work on a saved task or saved results (retry, resume): the error is cleared. */
  reopen(id: string, status: 'polling' | 'downloading', now: number): void {
    this.stmt(
      `UPDATE generations SET status = ?, error_code = NULL, error_message = NULL, error_detail = NULL,
         finished_at = NULL, updated_at = ? WHERE id = ?`,
    ).run(status, now, id);
  }

  /**
   * What a resume looks at: unfinished jobs; canceled ones still followed upstream; and failed
   * ones that kept a task or results and failed for a cause that may have passed.
   */
  resumeCandidates(baseUrl: string, failedCodes: readonly string[], since: number): GenerationRecord['id'][] {
    const marks = failedCodes.map(() => '?').join(', ');
    const rows = this.stmt(
      `SELECT id FROM generations WHERE base_url = ? AND (
         status IN ('queued', 'submitting', 'polling', 'downloading')
         OR (status = 'canceled' AND is_quiet = 1)
         OR (status = 'failed' AND error_code IN (${marks}) AND submitted_at >= ?
             AND (task_id IS NOT NULL OR result_items IS NOT NULL))
       ) ORDER BY seq`,
    ).all(baseUrl, ...failedCodes, since) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
