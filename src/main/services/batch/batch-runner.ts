import { randomBytes } from 'node:crypto';
import type { JobEngine } from '../jobs/job-engine';
import { ownerId } from '../jobs/job-repository';
import type { Clock } from '../providers/limits';
import { WanError } from '../wan-error';
import type { BatchRepository } from './batch-repository';

// Works a batch through the job engine. The engine paces creates under the provider's limits
// (the slot ledger); the runner only keeps a small window of the batch's rows in the engine, so
// a 10,000-row batch never has thousands of creates waiting out their queue deadline. Every row
// is enqueued at most once (the engine checks (batch, row) in the same transaction as its
// insert), so a killed run resumed — here or in another process — never creates a row twice.

/** How often the runner says it is alive and looks for a pause or cancel from another process. */
const WATCH_MS = 1000;

export type BatchRunnerDeps = {
  batches: BatchRepository;
  engine: JobEngine;
  clock: Clock;
  /** Rows in the engine at once: enough to keep every upstream slot busy. */
  window: number;
  /** Called whenever the batch's counts may have changed. */
  onProgress: (batchId: string) => void;
};

export class BatchRunner {
  private readonly owner = ownerId(process.pid, randomBytes(6).toString('hex'));
  private wake: () => void = () => undefined;
  private isStopping = false;

  constructor(private readonly deps: BatchRunnerDeps) {}

  /** Pause or cancel was asked for in this process: look at the batch's status now. */
  poke(): void {
    this.wake();
  }

  /**
   * The process quits: no more rows are enqueued and the run ends now, leaving the batch running
   * for the next start (the engine stops its jobs where they stand; its resume carries them on).
   */
  stop(): void {
    this.isStopping = true;
    this.wake();
  }

  /**
   * Runs the batch until every row is enqueued and settled, or it is paused or canceled. A batch
   * a live process runs already is refused as `library_busy`.
   */
  async run(batchId: string): Promise<void> {
    const { batches, clock } = this.deps;
    const claim = batches.claim(batchId, this.owner, clock.now());
    if (claim === 'missing')
      throw new WanError('not_in_library', { detail: `no batch ${batchId}`, isRetryable: false });
    if (claim === 'owned-elsewhere')
      throw new WanError('library_busy', {
        detail: `another Wan Studio window or wan-studio process is running batch ${batchId}`,
        isRetryable: true,
      });
    let lastStatus: string | undefined = batches.get(batchId)!.status;
    const watch = setInterval(() => {
      batches.heartbeat(batchId, this.owner, clock.now());
      const status = batches.get(batchId)?.status;
      if (status !== lastStatus) this.wake();
    }, WATCH_MS);
    watch.unref?.();
    try {
      await this.work(batchId, (status) => (lastStatus = status));
    } finally {
      clearInterval(watch);
      batches.release(batchId, this.owner);
    }
  }

  private async work(batchId: string, seen: (status: string) => void): Promise<void> {
    const { batches, engine, clock, onProgress } = this.deps;
    const inFlight = new Map<string, Promise<string>>();
    const follow = (id: string): void => {
      inFlight.set(
        id,
        engine.wait(id).then(
          () => id,
          () => id,
        ),
      );
    };
    // Jobs of this batch a killed run left: carried on from their saved state, never created again.
    for (const id of engine.resume({ only: new Set(batches.generationIds(batchId)) })) follow(id);
    let afterRow = -1;
    let isCancelHandled = false;
    for (;;) {
      if (this.isStopping) return;
      const status = batches.get(batchId)!.status;
      seen(status);
      if (status === 'canceled' && !isCancelHandled) {
        // Only creates still waiting their turn are stopped: those sent are paid for and land.
        for (const id of batches.generationIds(batchId, ['queued'])) if (inFlight.has(id)) engine.cancel(id);
        isCancelHandled = true;
      }
      if (status === 'running') {
        let added = 0;
        while (inFlight.size < this.deps.window) {
          const rows = batches.pendingRows(batchId, afterRow, this.deps.window - inFlight.size);
          if (rows.length === 0) break;
          for (const row of rows) {
            afterRow = row.index;
            const { generationId, isNew } = engine.start(row.request, { batch: { batchId, row: row.index } });
            if (isNew) follow(generationId);
            added++;
          }
        }
        if (added > 0) onProgress(batchId);
      }
      if (inFlight.size === 0) break;
      const woken = new Promise<null>((resolve) => (this.wake = () => resolve(null)));
      const settled = await Promise.race([...inFlight.values(), woken]);
      if (settled !== null) {
        inFlight.delete(settled);
        onProgress(batchId);
      }
    }
    const record = batches.get(batchId)!;
    const isComplete = batches.pendingRows(batchId, -1, 1).length === 0 && batches.counts(batchId).active === 0;
    if (record.status === 'running' && isComplete) batches.setStatus(batchId, 'done', clock.now());
    onProgress(batchId);
  }
}
