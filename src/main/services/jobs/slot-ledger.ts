import type { GenerationWaiting } from '../../../shared/library-types';
import { abortReason, type Clock } from '../providers/limits';
import { WanError } from '../wan-error';
import type { JobRepository } from './job-repository';

// Upstream allows a fixed number of tasks per account at once (5 for Wan 2.7). A task holds its
// slot from the create until upstream says it ended — also when the person canceled it, since the
// API has no cancel — and the ledger lives in the library database, so the app, browser mode and
// CLI processes on one library share it. Creates in this process take their turn in arrival order;
// another process is seen by polling the database.

/** How often a waiting create looks again for a slot freed by another process. */
const SLOT_POLL_MS = 1000;
/**
 * A create waiting for a slot says so once, then again at most this often: every release wakes
 * it to try, and saying it each time was a database commit and an event per try.
 */
const WAITING_REPORT_MS = 5000;

export type AcquireOptions = {
  signal: AbortSignal;
  /** Fail with `queue_timeout` once this passes without a slot. */
  deadlineAt: number;
  /** Do not try before this (Retry-After, backoff after a throttled create). */
  notBefore?: number;
  /** How long the slot counts as held if nothing releases it (the task's own deadline). */
  holdMs: number;
  /** Called when the create has to wait, with when it looks again. */
  onWaiting: (waiting: GenerationWaiting) => void;
};

export class SlotLedger {
  private turn: Promise<void> = Promise.resolve();
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly jobs: JobRepository,
    private readonly slotKey: string,
    private readonly limit: () => number,
    private readonly clock: Clock,
  ) {}

  /** Resolves once the job holds a slot; creates of this process are served in arrival order. */
  acquire(id: string, options: AcquireOptions): Promise<void> {
    const mine = this.turn.then(() => this.waitForSlot(id, options));
    // A job that gives up (canceled, deadline) must not hold up the ones behind it.
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /** Upstream ended the task (or it was never created): the slot is free for the next create. */
  release(id: string): void {
    this.jobs.holdSlotUntil(id, null);
    this.wakeAll();
  }

  /** Keeps the slot counted until `until` (a create whose fate is unknown may be running). */
  holdUntil(id: string, until: number): void {
    this.jobs.holdSlotUntil(id, until);
  }

  held(): number {
    return this.jobs.heldSlots(this.slotKey, this.clock.now());
  }

  private async waitForSlot(id: string, options: AcquireOptions): Promise<void> {
    let reportedAt: number | undefined;
    for (;;) {
      options.signal.throwIfAborted();
      const now = this.clock.now();
      if (now >= options.deadlineAt)
        throw new WanError('queue_timeout', {
          detail: `no free slot at the provider before ${new Date(options.deadlineAt).toISOString()}`,
          isRetryable: false,
        });
      if (options.notBefore !== undefined && now < options.notBefore) {
        await this.clock.sleep(Math.min(options.notBefore, options.deadlineAt) - now, options.signal);
        continue;
      }
      if (this.jobs.tryTakeSlot(id, this.slotKey, this.limit(), now, now + options.holdMs)) return;
      const nextTryAt = Math.min(now + SLOT_POLL_MS, options.deadlineAt);
      if (reportedAt === undefined || now - reportedAt >= WAITING_REPORT_MS) {
        reportedAt = now;
        options.onWaiting({ reason: 'slot', nextTryAt, deadlineAt: options.deadlineAt });
      }
      await this.sleepOrWake(nextTryAt - now, options.signal);
    }
  }

  private sleepOrWake(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortReason(signal));
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        reject(abortReason(signal));
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.wakers.add(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
