import { randomBytes } from 'node:crypto';
import type { EventName, EventPayload } from '../../../shared/contract';
import {
  generationRequestSchema,
  type GenerationRequest,
  type SeededGenerationRequest,
} from '../../../shared/generation-request';
import type { GenerationRecord, GenerationWithImages } from '../../../shared/library-types';
import type { ImageProvider, ResultImage, Usage } from '../providers/provider-types';
import { Semaphore, systemClock, type Clock } from '../providers/limits';
import { DEFAULT_POLL_TIMING, type PollTiming } from '../providers/task-waiter';
import type { ServiceLogger } from '../logging/logger';
import { WanError, toWanError } from '../wan-error';
import type { ImageStore, StoredImage } from '../library/image-store';
import { newImageFrom, type LibraryRepository, type NewImage } from '../library/library-repository';
import { refineDiskError } from '../library/disk-errors';
import { JobRepository, OWNER_HEARTBEAT_MS, ownerId } from './job-repository';
import {
  RESUMABLE_FAILURES,
  TASK_LIFETIME_MS,
  newGenerationId,
  requestFromRecord,
  retryPlanOf,
  type RetryPlan,
} from './job-records';
import { DOWNLOAD_PATIENCE_MS, JobSteps, imageIdFor, type StepJob } from './job-steps';
import { SlotLedger } from './slot-ledger';
import { InputService } from '../inputs/input-service';
import type { Locale } from '../../../shared/i18n-messages';
import { rerunBlockOf } from '../../../shared/rerun-rule';
import { applyTwinChange, type TwinChange } from '../../../shared/compare/twin-request';
import type { LibraryThumbnails } from '../thumbnails/library-thumbnails';

/** The events a job reports: every `generation.*` event of the contract. */
export type JobEventName = Extract<EventName, `generation.${string}`>;
export type JobEvent = { [E in JobEventName]: { name: E; payload: EventPayload<E> } }[JobEventName];
export type Profile = { name: string; baseUrl: string };
/** The batch row a generation is made for: at most one generation per row. */
export type BatchLink = { batchId: string; row: number };

export const DEFAULT_QUEUE_TIMEOUT_MS = 30 * 60_000;
export const DEFAULT_MAX_CONCURRENT = 5;
/** How often a polling job's progress is written to its row at most (events carry every change). */
const PROGRESS_SAVE_MS = 2000;

export type JobEngineDeps = {
  repo: LibraryRepository;
  store: ImageStore;
  client: ImageProvider;
  profile: Profile;
  clock?: Clock;
  random?: () => number;
  pollTiming?: Partial<PollTiming>;
  downloadConcurrency?: number;
  /** Upstream's concurrent tasks per account: the slot ledger's limit (default 5). */
  maxConcurrent?: () => number;
  /** How long a create may wait for its turn before it fails (default 30 min). */
  queueTimeoutMs?: () => number;
  /** How long a result download is retried before the job stops, resumable (default 5 min). */
  downloadPatienceMs?: number;
  logger?: ServiceLogger;
  /** The library's thumbnail workers; without them thumbnails are made on this thread (tests). */
  thumbnails?: Pick<LibraryThumbnails, 'make'>;
};

type Start = 'create' | 'poll' | 'download';

type RunningJob = StepJob & {
  stop: AbortController;
  cancelWait: AbortController;
  /** Resolves when the person-visible outcome is known (a quietly followed job goes on after). */
  settled: Promise<void>;
  settle: () => void;
  done: Promise<void>;
  /** The last progress seen while polling, and when it was last written to the row. */
  lastProgress?: number;
  progressSavedAt?: number;
};

/**
 * Runs generations from request to images on disk, writing every step to the library first, so a
 * crash, a restart, a flaky network or another process on the same library never loses an image
 * or bills a request twice. A job is claimed by one process at a time; creates take their turn
 * under the provider's concurrent-task limit, shared through the database.
 */
export class JobEngine {
  private readonly running = new Map<string, RunningJob>();
  /** Failures the database could not take (a full disk): still told to whoever waits. */
  private readonly unrecorded = new Map<string, WanError>();
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly clock: Clock;
  private readonly jobs: JobRepository;
  private readonly steps: JobSteps;
  private readonly inputs: InputService;
  private readonly owner = ownerId(process.pid, randomBytes(6).toString('hex'));
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private thumbnails: Promise<void> = Promise.resolve();
  private isStopping = false;

  constructor(private readonly deps: JobEngineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.jobs = new JobRepository(deps.repo.db);
    this.inputs = new InputService({ repo: deps.repo, store: deps.store }, () => this.clock.now());
    const ledger = new SlotLedger(
      this.jobs,
      deps.profile.baseUrl,
      deps.maxConcurrent ?? (() => DEFAULT_MAX_CONCURRENT),
      this.clock,
    );
    const warn = (message: string, data?: Record<string, unknown>): void => deps.logger?.warn(message, data);
    this.steps = new JobSteps({
      repo: deps.repo,
      jobs: this.jobs,
      store: deps.store,
      client: deps.client,
      inputs: this.inputs,
      ledger,
      clock: this.clock,
      random: deps.random ?? Math.random,
      downloads: new Semaphore(deps.downloadConcurrency ?? 4),
      pollTiming: { ...DEFAULT_POLL_TIMING, ...deps.pollTiming },
      queueTimeoutMs: deps.queueTimeoutMs ?? (() => DEFAULT_QUEUE_TIMEOUT_MS),
      downloadPatienceMs: deps.downloadPatienceMs ?? DOWNLOAD_PATIENCE_MS,
      warn,
      onWaiting: (id, waiting) => {
        this.jobs.setWaiting(id, waiting, this.clock.now());
        if (!this.running.get(id)?.isQuiet) this.emit('generation.waiting', { generationId: id, waiting });
      },
      onSubmitted: (id, taskId) => this.emit('generation.submitted', { generationId: id, taskId }),
      onProgress: (id, progress) => {
        const job = this.running.get(id);
        const rounded = Math.round(progress);
        // A poll that saw nothing new writes and says nothing. The row's progress is only a hint for
        // another process (events carry the live figure), so it is saved when the job turns to
        // polling (by the create's own write, or the first reading of a resumed job) and then at most
        // every PROGRESS_SAVE_MS: with synchronous=FULL every write is a
        // commit with an fsync, and per-poll writes were most of the CPU a waiting batch spent.
        if (job && job.lastProgress === rounded) return;
        const now = this.clock.now();
        if (!job || now - (job.progressSavedAt ?? 0) >= PROGRESS_SAVE_MS) {
          deps.repo.updateGeneration(id, job?.isQuiet ? { progress } : { progress, status: 'polling' });
          if (job) job.progressSavedAt = now;
        }
        if (job) job.lastProgress = rounded;
        if (!job?.isQuiet) this.emit('generation.progressed', { generationId: id, status: 'polling', progress });
      },
      onDownloading: (id, received, total) =>
        this.emit('generation.downloading', { generationId: id, received, total }),
    });
  }

  on(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends JobEventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener({ name, payload } as JobEvent);
  }

  /**
   * Writes the generation (with its seed and references) and starts it; returns at once. A
   * reference that is not a stored input, or a box reaching outside its image, is refused first.
   */
  start(
    request: GenerationRequest,
    options: { rerunOf?: string; locale?: Locale; batch?: BatchLink } = {},
  ): { generationId: string; isNew: boolean } {
    const references = request.references ?? [];
    this.inputs.checkReferences(references, options.locale);
    const seeded = this.deps.client.withSeed(request);
    const id = newGenerationId(this.clock.now());
    const { profile, repo } = this.deps;
    const { batch } = options;
    let existing: string | undefined;
    const insert = (): void => {
      // A batch row is enqueued once, whichever process gets there first (a resumed batch, the app).
      existing = batch && this.jobs.generationOfBatchRow(batch.batchId, batch.row);
      if (existing) return;
      repo.insertGeneration({
        id,
        createdAt: this.clock.now(),
        status: 'queued',
        model: seeded.model,
        prompt: seeded.prompt,
        size: seeded.size,
        n: seeded.n,
        seed: seeded.seed,
        parameters: {
          isSequential: seeded.isSequential,
          thinkingMode: seeded.thinkingMode,
          colorPalette: seeded.colorPalette,
          ...(seeded.palette ? { palette: seeded.palette } : {}),
          watermark: seeded.watermark,
          responseFormat: seeded.responseFormat,
        },
        mode: seeded.mode,
        providerProfile: profile.name,
        baseUrl: profile.baseUrl,
        rerunOf: options.rerunOf ?? null,
      });
      this.inputs.repo.setGenerationInputs(id, references);
      if (batch) this.jobs.linkBatchRow(id, batch.batchId, batch.row);
    };
    repo.db.transaction(insert).immediate();
    if (existing) return { generationId: existing, isNew: false };
    this.jobs.claim(id, this.owner, this.clock.now());
    this.emit('generation.queued', { generationId: id });
    this.launch(id, seeded, 'create');
    return { generationId: id, isNew: true };
  }

  /** Same model, prompt, size, n and parameters; the same seed unless a new one is asked for. */
  rerun(
    generationId: string,
    options: { newSeed?: boolean | number; change?: TwinChange } = {},
  ): { generationId: string } {
    const record = this.record(generationId);
    // An imported picture with no Wan model or prompt would go out as model "unknown" and come
    // back as a puzzling gateway error: say what it is instead.
    const block = rerunBlockOf(record);
    if (block)
      throw new WanError('not_rerunnable', {
        field: block === 'no_model' ? 'model' : 'prompt',
        detail:
          block === 'no_model'
            ? `${generationId} was made by "${record.model}", not a Wan model this app can send`
            : `${generationId} has no prompt`,
        isRetryable: false,
      });
    const request: GenerationRequest = this.requestOf(record);
    if (typeof options.newSeed === 'number') request.seed = options.newSeed;
    else if (options.newSeed) delete request.seed;
    if (!options.change) return this.start(request, { rerunOf: generationId });
    // An A/B twin: one change over the original's request, checked as any new request is.
    const parsed = generationRequestSchema.safeParse(applyTwinChange(request, options.change));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WanError('invalid_input', {
        field: String(issue?.path[0] ?? 'request'),
        detail: `the twin of ${generationId} is not a valid request: ${issue?.message ?? 'invalid'}`,
        isRetryable: false,
      });
    }
    return this.start(parsed.data, { rerunOf: generationId });
  }

  /** What a retry of this job would do, and whether it costs a new image; undefined: nothing to retry. */
  retryPlan(generationId: string): RetryPlan | undefined {
    return retryPlanOf(this.deps.repo, this.record(generationId), this.clock.now());
  }

  /**
   * Continues a stopped job from where it stopped: the saved results, the task, or the trash. Only
   * a job that never got a task is created again (and billed).
   */
  retry(generationId: string): { generationId: string } & RetryPlan {
    const plan = this.retryPlan(generationId);
    if (!plan)
      throw new WanError('invalid_input', {
        field: 'generation',
        detail: `${generationId} is ${this.record(generationId).status}: only a failed, interrupted or canceled job can be retried`,
        isRetryable: false,
      });
    const stopped = this.record(generationId);
    // A task id means something only at the gateway that issued it.
    if (stopped.baseUrl !== this.deps.profile.baseUrl && (plan.action === 'download' || plan.action === 'poll'))
      throw new WanError('invalid_input', {
        field: 'baseUrl',
        detail: `${generationId} ran at ${stopped.baseUrl}; continue it there (its task is unknown to ${this.deps.profile.baseUrl})`,
        isRetryable: false,
      });
    this.claimOrRefuse(generationId);
    const now = this.clock.now();
    if (plan.action === 'restore') {
      const images = this.deps.repo.imagesOf(generationId, true);
      this.jobs.restoreFromTrash(generationId, now);
      this.jobs.release(generationId, this.owner);
      this.emit('generation.finished', { generationId, imageIds: images.map((i) => i.id) });
      return { generationId, ...plan };
    }
    const record = this.record(generationId);
    const request = { ...this.requestOf(record), seed: record.seed };
    if (plan.action === 'create') {
      this.jobs.resetForCreate(generationId, now, this.deps.profile);
      this.emit('generation.queued', { generationId });
      this.launch(generationId, request, 'create');
    } else {
      this.jobs.reopen(generationId, plan.action === 'download' ? 'downloading' : 'polling', now);
      this.emit('generation.submitted', { generationId, taskId: record.taskId });
      this.launch(generationId, request, plan.action === 'download' ? 'download' : 'poll');
    }
    return { generationId, ...plan };
  }

  /**
   * Before the create leaves, canceling costs nothing and stops the job. After, upstream runs the
   * task and will bill it (there is no cancel in the API): the job shows as canceled at once and
   * is followed quietly, its images saved to the trash, its slot held until upstream ends.
   */
  cancel(generationId: string): boolean {
    const job = this.running.get(generationId);
    if (!job || job.isQuiet) return false;
    if (job.phase === 'waiting') {
      job.cancelWait.abort();
      return true;
    }
    job.isQuiet = true;
    this.jobs.setQuiet(generationId, true);
    this.recordFailure(generationId, new WanError('canceled'));
    job.settle();
    return true;
  }

  /**
   * Resolves when the job's outcome is known, with its record as saved — or, when a full disk
   * refused even the failure's record, with that failure (the saved state lets resume go on).
   */
  async wait(generationId: string): Promise<GenerationWithImages> {
    await this.running.get(generationId)?.settled;
    const found = this.deps.repo.getWithImages(generationId);
    if (!found) throw new WanError('not_in_library', { detail: `no generation ${generationId}` });
    const failure = this.unrecorded.get(generationId);
    if (!failure) return found;
    const error = { code: failure.code, message: failure.message, detail: failure.detail ?? null };
    return { ...found, generation: { ...found.generation, status: 'failed', error } };
  }

  /** Is a job running in this engine (thumbnails of finished jobs aside)? */
  isBusy(): boolean {
    return this.running.size > 0;
  }

  /** Waits for every running job (quietly followed ones too) and the thumbnails they queued. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((j) => j.done));
    await this.thumbnails;
  }

  /**
   * For quitting: stops every job where it stands without recording an outcome and gives up its
   * claims, so the next start's `resume()` (or another process) carries each one on.
   */
  async stop(): Promise<void> {
    this.isStopping = true;
    for (const job of this.running.values()) job.stop.abort();
    await this.idle();
  }

  /**
   * Carries on every job of this provider left unfinished, from its saved state, with no second
   * create: queued ones take their turn, polling ones poll, downloading ones download, canceled
   * ones still running upstream are followed, and failed ones that kept a task or results and
   * failed for a passing cause (network, service, full disk) try again. Jobs a live process owns
   * are left to it. A job cut off while its create was in flight may have been billed: it becomes
   * `interrupted`, never resent on its own.
   */
  resume(options: { only?: ReadonlySet<string> } = {}): string[] {
    const resumed: string[] = [];
    const now = this.clock.now();
    const candidates = this.jobs.resumeCandidates(
      this.deps.profile.baseUrl,
      RESUMABLE_FAILURES,
      now - TASK_LIFETIME_MS,
    );
    for (const id of candidates) {
      // A batch resumes its own rows only; `wan-studio resume` and the app's start take them all.
      if (options.only && !options.only.has(id)) continue;
      if (this.running.has(id) || this.jobs.claim(id, this.owner, now) !== 'claimed') continue;
      const record = this.record(id);
      const request = { ...this.requestOf(record), seed: record.seed };
      const items = this.deps.repo.getResultItems(id);
      const isQuiet = record.status === 'canceled';
      let start: Start | undefined;
      if (record.status === 'queued') start = 'create';
      else if (items?.length) start = 'download';
      else if (record.taskId) start = 'poll';
      if (!start) {
        this.recordFailure(id, new WanError('interrupted', { isRetryable: false }));
        this.jobs.release(id, this.owner);
        continue;
      }
      if (record.status === 'failed') this.jobs.reopen(id, start === 'download' ? 'downloading' : 'polling', now);
      this.launch(id, request, start, isQuiet);
      resumed.push(id);
    }
    return resumed;
  }

  private requestOf(record: GenerationRecord): GenerationRequest {
    return requestFromRecord(record, this.inputs.repo.referencesOf(record.id));
  }

  private record(generationId: string): GenerationRecord {
    const record = this.deps.repo.getGeneration(generationId);
    if (!record) throw new WanError('not_in_library', { detail: `no generation ${generationId}`, isRetryable: false });
    return record;
  }

  private claimOrRefuse(generationId: string): void {
    if (this.running.has(generationId) || this.jobs.claim(generationId, this.owner, this.clock.now()) !== 'claimed')
      throw new WanError('library_busy', {
        detail: `another Wan Studio window or wan-studio process is working on ${generationId}`,
        isRetryable: true,
      });
  }

  private launch(id: string, request: SeededGenerationRequest, start: Start, isQuiet = false): void {
    const stop = new AbortController();
    const cancelWait = new AbortController();
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const job: RunningJob = {
      id,
      stop,
      cancelWait,
      stopSignal: stop.signal,
      waitSignal: cancelWait.signal,
      phase: start === 'create' ? 'waiting' : 'following',
      isQuiet,
      settled,
      settle,
      done: Promise.resolve(),
      // A created job's row says 'polling' with its task id already; a resumed one writes it first.
      ...(start === 'create' ? { progressSavedAt: this.clock.now() } : {}),
    };
    job.done = this.run(job, request, start).finally(() => {
      this.running.delete(id);
      try {
        this.jobs.release(id, this.owner);
      } catch (err) {
        // A full disk can refuse even this; the claim then lapses with this process.
        this.deps.logger?.warn('Could not release a job claim', { id, error: String(err) });
      }
      settle();
      if (this.running.size === 0) this.stopHeartbeat();
    });
    this.running.set(id, job);
    this.startHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      try {
        this.jobs.heartbeat(this.owner, this.clock.now());
      } catch (err) {
        this.deps.logger?.warn('Could not refresh job claims', { error: String(err) });
      }
    }, OWNER_HEARTBEAT_MS);
    this.heartbeat.unref?.();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private async run(job: RunningJob, request: SeededGenerationRequest, start: Start): Promise<void> {
    const { repo } = this.deps;
    try {
      let record = this.record(job.id);
      let items = start === 'download' ? repo.getResultItems(job.id) : null;
      let usage: Usage | undefined;
      if (start === 'create') {
        const created = await this.steps.submit(job, request, record);
        record = this.record(job.id);
        if (created.images) ({ images: items, usage } = { images: created.images, usage: created.usage });
      }
      if (!items) {
        if (!record.taskId) throw new WanError('interrupted', { isRetryable: false });
        const elapsed = this.clock.now() - (record.submittedAt ?? record.createdAt);
        ({ images: items, usage } = await this.steps.follow(job, record.taskId, elapsed));
      }
      await this.store(job, record, items, usage);
    } catch (err) {
      if (this.isStopping && job.stop.signal.aborted) return;
      const error = toWanError(err);
      if (job.isQuiet) {
        this.jobs.setQuiet(job.id, false);
        this.deps.logger?.warn('A canceled job ended upstream without images', { id: job.id, code: error.code });
      } else this.recordFailure(job.id, error);
    }
  }

  private async store(job: RunningJob, record: GenerationRecord, items: ResultImage[], usage?: Usage): Promise<void> {
    const { repo } = this.deps;
    const billed = usage?.generatedImages ?? items.length;
    // The results are saved before any download, so a kill mid-download resumes from here.
    repo.updateGeneration(job.id, {
      ...(job.isQuiet ? {} : { status: 'downloading' as const }),
      progress: 100,
      resultItems: items,
      revisedPrompts: items.map((image) => image.revisedPrompt ?? ''),
      ...(usage ? { usage: { ...usage } } : {}),
    });
    this.jobs.setBilled(job.id, billed);
    const { stored, error } = await this.steps.fetchAll(job, record, items);
    job.stop.signal.throwIfAborted();
    const now = this.clock.now();
    const trashedAt = job.isQuiet ? now : undefined;
    const images = stored.flatMap((file, i) => (file ? [this.imageRow(record, items[i]!, file)] : []));
    if (error) {
      // Paid for and on disk: in the library, even though the rest could not be fetched yet. When
      // the database is on the same full disk it may refuse the rows too: the saved results still
      // lead resume (or retry) to these files, which are found in place, not fetched again.
      try {
        repo.recordStoredImages(images, trashedAt ?? null);
      } catch (err) {
        this.deps.logger?.warn('Could not record the images stored so far', { id: job.id, error: String(err) });
      }
      throw error;
    }
    try {
      repo.commitImages(job.id, images, { finishedAt: now, error: null }, now, { trashedAt });
    } catch (err) {
      throw toWanError(err).code === 'internal'
        ? new WanError('disk', { detail: `could not record the images: ${(err as Error).message}`, cause: err })
        : toWanError(err);
    }
    this.jobs.setQuiet(job.id, false);
    if (!job.isQuiet) this.emit('generation.finished', { generationId: job.id, imageIds: images.map((i) => i.id) });
    this.queueThumbnails(record, images);
  }

  private imageRow(record: GenerationRecord, item: ResultImage, file: StoredImage): NewImage {
    return newImageFrom(file, {
      id: imageIdFor(record.id, item.index),
      generationId: record.id,
      index: item.index,
      createdAt: this.clock.now(),
    });
  }

  private recordFailure(id: string, failure: WanError): void {
    const error = refineDiskError(failure, this.deps.store.root);
    const status = error.code === 'canceled' ? 'canceled' : error.code === 'interrupted' ? 'interrupted' : 'failed';
    try {
      this.deps.repo.updateGeneration(id, {
        status,
        finishedAt: this.clock.now(),
        error: { code: error.code, message: error.message, detail: error.detail ?? null },
      });
      this.jobs.setWaiting(id, null, this.clock.now());
    } catch (err) {
      this.unrecorded.set(id, error);
      this.deps.logger?.warn('Could not record a failed generation', { id, error: String(err) });
    }
    this.emit('generation.failed', { generationId: id, error: error.toValue() });
  }

  /**
   * Thumbnails are made after the job is done, so they never slow a download: by the worker pool
   * first in its line (a fresh result is what the person looks at next), or here one at a time.
   */
  private queueThumbnails(record: GenerationRecord, images: readonly NewImage[]): void {
    const warn = (imageId: string, err: unknown): void =>
      this.deps.logger?.warn('Could not make a thumbnail', { imageId, error: String(err) });
    const workers = this.deps.thumbnails;
    if (workers) {
      const made = images.map((image) =>
        workers.make({ id: image.id, path: image.path, createdAt: image.createdAt }, 'high').catch((err: unknown) => {
          if ((err as { code?: unknown }).code !== 'canceled') warn(image.id, err);
        }),
      );
      this.thumbnails = Promise.all([this.thumbnails, ...made]).then(() => undefined);
      return;
    }
    this.thumbnails = this.thumbnails.then(async () => {
      for (const image of images) {
        try {
          const thumb = await this.deps.store.makeThumbnail(image.path, image.id, new Date(record.createdAt));
          this.deps.repo.setThumbnail(image.id, thumb);
        } catch (err) {
          warn(image.id, err);
        }
      }
    });
  }
}

export { imageIdFor };
