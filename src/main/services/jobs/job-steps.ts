import type { SeededGenerationRequest } from '../../../shared/generation-request';
import type { GenerationRecord, GenerationWaiting } from '../../../shared/library-types';
import type { ImageProvider, ResultImage, TaskReading, Usage } from '../providers/provider-types';
import { isCreateRefusedUnprocessed } from '../providers/gateway-errors';
import type { Clock, Semaphore } from '../providers/limits';
import { backoffDelayMs } from '../providers/retry';
import { DEFAULT_POLL_TIMING, waitForTask, type PollTiming } from '../providers/task-waiter';
import { WanError, toWanError } from '../wan-error';
import type { ImageStore, StoredImage } from '../library/image-store';
import type { LibraryRepository } from '../library/library-repository';
import type { JobRepository } from './job-repository';
import type { SlotLedger } from './slot-ledger';
import type { InputService } from '../inputs/input-service';
import type { CreateOptions } from '../providers/provider-types';

// The three steps of a job — create (in turn, under the slot ledger), follow the task, fetch and
// store the results — each written to the library before and after, so any process can carry a
// job on from its last saved step.

/**
 * A create whose fate is unknown (timeout, 5xx, reset) may be running: its slot counts this long
 * (a typical task's time; a wrong guess costs only a throttled create that waits its turn).
 */
const AMBIGUOUS_HOLD_MS = 30_000;
/** Backoff for a throttled create with no Retry-After: 2, 4, 8, 16, 30, 30 … s. */
const THROTTLE_BACKOFF = { maxAttempts: Infinity, baseDelayMs: 2000, maxDelayMs: 30_000 };
/** How long a result download keeps being retried before the job stops (resumable) with its error. */
export const DOWNLOAD_PATIENCE_MS = 5 * 60_000;

export type StepJob = {
  id: string;
  /** Quitting: requests stop where they stand, nothing is recorded, resume carries on. */
  stopSignal: AbortSignal;
  /** Canceled before the create left: aborts waiting for a turn. */
  waitSignal: AbortSignal;
  phase: 'waiting' | 'creating' | 'following';
  /** Canceled while upstream runs it: followed without a word, its images go to the trash. */
  isQuiet: boolean;
};

export type StepDeps = {
  repo: LibraryRepository;
  jobs: JobRepository;
  store: ImageStore;
  client: ImageProvider;
  /** Reads the request's reference images from the library, in order, as they are sent. */
  inputs: InputService;
  ledger: SlotLedger;
  clock: Clock;
  random: () => number;
  downloads: Semaphore;
  pollTiming: PollTiming;
  queueTimeoutMs: () => number;
  downloadPatienceMs: number;
  onWaiting: (id: string, waiting: GenerationWaiting) => void;
  onSubmitted: (id: string, taskId: string | null) => void;
  onProgress: (id: string, progress: number) => void;
  onDownloading: (id: string, received: number, total: number) => void;
  warn: (message: string, data?: Record<string, unknown>) => void;
};

export type Created = { images?: ResultImage[]; usage?: Usage; taskId?: string };

export class JobSteps {
  constructor(private readonly d: StepDeps) {}

  /** Waits its turn, sends the create once, and on a throttled refusal goes back in line. */
  async submit(job: StepJob, request: SeededGenerationRequest, record: GenerationRecord): Promise<Created> {
    const { repo, jobs, ledger, clock, client } = this.d;
    const deadlineAt = record.waiting?.deadlineAt ?? clock.now() + this.d.queueTimeoutMs();
    jobs.setQueueDeadline(job.id, deadlineAt);
    let notBefore = record.waiting?.nextTryAt;
    // Read (and checked against their hashes) before a slot is taken: a missing file costs no turn.
    const references = request.references?.length ? await this.d.inputs.prepared(request.references) : undefined;
    for (let attempt = 1; ; attempt++) {
      job.phase = 'waiting';
      await ledger.acquire(job.id, {
        signal: AbortSignal.any([job.stopSignal, job.waitSignal]),
        deadlineAt,
        notBefore,
        holdMs: this.d.pollTiming.deadlineMs + 5 * 60_000,
        onWaiting: (waiting) => this.d.onWaiting(job.id, waiting),
      });
      job.phase = 'creating';
      let isSent = false;
      try {
        const options: CreateOptions = {
          signal: job.stopSignal,
          onSending: () => {
            // Canceled while it waited for the rate limit: it never leaves, nothing is billed.
            if (job.isQuiet) throw new WanError('canceled');
            isSent = true;
            // Saved before the request leaves: if we die now, resume knows it may have been billed.
            repo.updateGeneration(job.id, { status: 'submitting', submittedAt: clock.now() });
          },
          ...(references ? { references } : {}),
        };
        const created = await client.create(request, options);
        if (created.kind === 'images') {
          ledger.release(job.id);
          return { images: created.images, usage: created.usage, taskId: created.taskId };
        }
        job.phase = 'following';
        repo.updateGeneration(
          job.id,
          job.isQuiet ? { taskId: created.taskId } : { status: 'polling', taskId: created.taskId },
        );
        if (!job.isQuiet) this.d.onSubmitted(job.id, created.taskId);
        return { taskId: created.taskId };
      } catch (err) {
        const error = toWanError(err);
        if (error.code === 'canceled') {
          if (!isSent) ledger.release(job.id);
          throw error;
        }
        if (isCreateRefusedUnprocessed(error) && !job.isQuiet) {
          // Refused before it was processed: nothing runs upstream, nothing was billed. Back in line.
          ledger.release(job.id);
          const waitMs = error.retryAfterMs ?? backoffDelayMs(THROTTLE_BACKOFF, attempt, this.d.random);
          notBefore = clock.now() + waitMs;
          const reason = error.code === 'rate_limited' ? 'rate' : 'server';
          this.d.warn('Create throttled; waiting its turn', { id: job.id, code: error.code, waitMs });
          jobs.setWaiting(job.id, { reason, nextTryAt: notBefore, deadlineAt }, clock.now());
          this.d.onWaiting(job.id, { reason, nextTryAt: notBefore, deadlineAt });
          continue;
        }
        if (['timeout', 'network', 'server', 'malformed_response'].includes(error.code))
          ledger.holdUntil(job.id, clock.now() + AMBIGUOUS_HOLD_MS);
        else ledger.release(job.id);
        throw error;
      }
    }
  }

  /** Polls the task until upstream ends it; the slot is released whatever the outcome. */
  async follow(job: StepJob, taskId: string, elapsedMs: number): Promise<{ images: ResultImage[]; usage?: Usage }> {
    job.phase = 'following';
    try {
      const done = await waitForTask(this.d.client, taskId, {
        signal: job.stopSignal,
        timing: this.d.pollTiming,
        clock: this.d.clock,
        elapsedMs,
        onProgress: (r: Extract<TaskReading, { state: 'running' }>) => this.d.onProgress(job.id, r.progress),
        onTransientError: (err) =>
          this.d.warn('Poll failed; polling on', { id: job.id, code: err.code, httpStatus: err.httpStatus }),
      });
      this.d.ledger.release(job.id);
      return done;
    } catch (err) {
      // Stopping leaves the task running upstream: its slot stays counted until resume ends it.
      if (!job.stopSignal.aborted) this.d.ledger.release(job.id);
      throw err;
    }
  }

  /**
   * Downloads every result at once into the image store. A link that answers 403/404 is renewed
   * by polling the task again. What was stored before a failure (a full disk) is recorded, so
   * nothing paid for is orphaned and a resume fetches only the rest.
   */
  async fetchAll(
    job: StepJob,
    record: GenerationRecord,
    items: ResultImage[],
  ): Promise<{ stored: Array<StoredImage | undefined>; error?: WanError }> {
    let received = 0;
    const total = items.length;
    if (!job.isQuiet) this.d.onDownloading(job.id, received, total);
    let current = items;
    const renew = async (): Promise<ResultImage[]> => {
      if (!record.taskId) throw new WanError('expired', { isRetryable: false });
      const reading = await this.d.client.getTask(record.taskId, { signal: job.stopSignal });
      if (reading.state !== 'done') throw new WanError('expired', { detail: `the task is now ${reading.state}` });
      current = reading.images;
      this.d.repo.updateGeneration(job.id, { resultItems: current });
      return current;
    };
    const results = await Promise.allSettled(
      items.map(async (item) => {
        const file = await this.fetchOne(job, record, item.index, () => current, renew);
        if (!job.isQuiet) this.d.onDownloading(job.id, ++received, total);
        return file;
      }),
    );
    const stored = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (!failure) return { stored };
    const error = toWanError(failure.reason);
    if (error.code === 'disk_full' && error.neededBytes === undefined) {
      const sizes = stored.flatMap((s) => (s ? [s.bytes] : []));
      const average = sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : undefined;
      const missing = stored.filter((s) => !s).length;
      if (average)
        return {
          stored,
          error: new WanError('disk_full', {
            detail: error.detail,
            path: error.path,
            neededBytes: Math.ceil(average * missing),
            isRetryable: true,
            cause: error,
          }),
        };
    }
    return { stored, error };
  }

  private async fetchOne(
    job: StepJob,
    record: GenerationRecord,
    index: number,
    items: () => ResultImage[],
    renew: () => Promise<ResultImage[]>,
  ): Promise<StoredImage> {
    const { store, client, clock } = this.d;
    const imageId = imageIdFor(record.id, index);
    const createdAt = new Date(record.createdAt);
    const existing = await store.findExisting(imageId, createdAt);
    if (existing) return existing;
    const release = await this.d.downloads.acquire(job.stopSignal);
    const startedAt = clock.now();
    let hasRenewed = false;
    try {
      for (let round = 1; ; round++) {
        const item = items().find((i) => i.index === index);
        if (!item) throw new WanError('malformed_response', { detail: `no result ${index} any more` });
        try {
          if (item.b64Json) return await store.writeBuffer(imageId, Buffer.from(item.b64Json, 'base64'), { createdAt });
          if (!item.url) throw new WanError('malformed_response', { detail: 'a result has neither url nor b64_json' });
          return await client.downloadTo(
            item.url,
            (body, info) =>
              store.writeStream(imageId, body, {
                createdAt,
                expectedBytes: info.expectedBytes,
                signal: job.stopSignal,
                // A fetch body's chunks are nobody else's: they move to the hashing thread uncopied.
                isSourceOwned: true,
              }),
            { signal: job.stopSignal },
          );
        } catch (err) {
          const error = toWanError(err);
          if (error.code === 'expired' && !hasRenewed) {
            hasRenewed = true;
            await renew();
            continue;
          }
          const isTransient = ['network', 'server', 'timeout', 'rate_limited', 'malformed_response'].includes(
            error.code,
          );
          if (!isTransient || clock.now() - startedAt > this.d.downloadPatienceMs) throw error;
          this.d.warn('Download failed; trying again', { id: job.id, index, code: error.code });
          await clock.sleep(backoffDelayMs(THROTTLE_BACKOFF, round, this.d.random), job.stopSignal);
        }
      }
    } finally {
      release();
    }
  }
}

export function imageIdFor(generationId: string, index: number): string {
  return `${generationId}-${index}`;
}

export { DEFAULT_POLL_TIMING };
