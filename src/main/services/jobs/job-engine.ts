import type { EventName, EventPayload } from '../../../shared/contract';
import type { GenerationRequest, SeededGenerationRequest } from '../../../shared/generation-request';
import type { GenerationRecord, GenerationWithImages } from '../../../shared/library-types';
import type { GatewayClient, ResultImage, TaskReading, Usage } from '../providers/gateway-client';
import { Semaphore, systemClock, type Clock } from '../providers/limits';
import { resumeTask, runTask, type TaskOutcome } from '../providers/run-task';
import type { PollTiming } from '../providers/task-waiter';
import type { ServiceLogger } from '../logging/logger';
import { WanError, toWanError } from '../wan-error';
import type { ImageStore, StoredImage } from '../library/image-store';
import { newImageFrom, type LibraryRepository, type NewImage } from '../library/library-repository';
import { newGenerationId, requestFromRecord } from './job-records';

/** The events a job reports: every `generation.*` event of the contract. */
export type JobEventName = Extract<EventName, `generation.${string}`>;
export type JobEvent = { [E in JobEventName]: { name: E; payload: EventPayload<E> } }[JobEventName];
export type Profile = { name: string; baseUrl: string };

export type JobEngineDeps = {
  repo: LibraryRepository;
  store: ImageStore;
  client: GatewayClient;
  profile: Profile;
  clock?: Clock;
  pollTiming?: Partial<PollTiming>;
  downloadConcurrency?: number;
  logger?: ServiceLogger;
};

type Resumption = { kind: 'poll'; taskId: string; elapsedMs: number } | { kind: 'download'; items: ResultImage[] };

type RunningJob = { controller: AbortController; done: Promise<void> };

/**
 * Runs generations from request to images on disk, writing every step to the library first so a
 * crash, a restart or a flaky network never loses an image or bills a request twice.
 */
export class JobEngine {
  private readonly jobs = new Map<string, RunningJob>();
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private readonly downloads: Semaphore;
  private readonly clock: Clock;
  private thumbnails: Promise<void> = Promise.resolve();
  private isStopping = false;

  constructor(private readonly deps: JobEngineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.downloads = new Semaphore(deps.downloadConcurrency ?? 4);
  }

  on(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends JobEventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener({ name, payload } as JobEvent);
  }

  /** Writes the generation (with its seed) and starts it; returns at once. */
  start(request: GenerationRequest, options: { rerunOf?: string } = {}): { generationId: string } {
    const seeded = this.deps.client.withSeed(request);
    const id = newGenerationId(this.clock.now());
    const { profile } = this.deps;
    this.deps.repo.insertGeneration({
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
        watermark: seeded.watermark,
        responseFormat: seeded.responseFormat,
      },
      mode: seeded.mode,
      providerProfile: profile.name,
      baseUrl: profile.baseUrl,
      rerunOf: options.rerunOf ?? null,
    });
    this.emit('generation.queued', { generationId: id });
    this.launch(id, seeded);
    return { generationId: id };
  }

  /** Same model, prompt, size, n and parameters; the same seed unless a new one is asked for. */
  rerun(generationId: string, options: { newSeed?: boolean | number } = {}): { generationId: string } {
    const record = this.deps.repo.getGeneration(generationId);
    if (!record) throw new WanError('not_in_library', { detail: `no generation ${generationId}` });
    const request: GenerationRequest = requestFromRecord(record);
    if (typeof options.newSeed === 'number') request.seed = options.newSeed;
    else if (options.newSeed) delete request.seed;
    return this.start(request, { rerunOf: generationId });
  }

  cancel(generationId: string): boolean {
    const job = this.jobs.get(generationId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  /** Resolves when the job has ended, with its record as saved. */
  async wait(generationId: string): Promise<GenerationWithImages> {
    await this.jobs.get(generationId)?.done;
    const found = this.deps.repo.getWithImages(generationId);
    if (!found) throw new WanError('not_in_library', { detail: `no generation ${generationId}` });
    return found;
  }

  /** Is a job running in this engine (thumbnails of finished jobs aside)? */
  isBusy(): boolean {
    return this.jobs.size > 0;
  }

  /** Waits for every running job and the thumbnails they queued. */
  async idle(): Promise<void> {
    while (this.jobs.size > 0) await Promise.all([...this.jobs.values()].map((j) => j.done));
    await this.thumbnails;
  }

  /**
   * For quitting: stops every job where it stands without recording an outcome, so the next
   * start's `resume()` carries each one on from its saved state.
   */
  async stop(): Promise<void> {
    this.isStopping = true;
    for (const job of this.jobs.values()) job.controller.abort();
    await this.idle();
  }

  /**
   * At start: carries on every job left unfinished from its saved state, with no second create.
   * A job cut off while its create was in flight may have been billed: it becomes `interrupted`.
   */
  resume(): string[] {
    const resumed: string[] = [];
    for (const record of this.deps.repo.byStatus(['queued', 'submitting', 'polling', 'downloading'])) {
      // A task id means something only at the gateway that issued it.
      if (this.jobs.has(record.id) || record.baseUrl !== this.deps.profile.baseUrl) continue;
      const request = { ...requestFromRecord(record), seed: record.seed };
      const items = this.deps.repo.getResultItems(record.id);
      if (record.status === 'queued') this.launch(record.id, request);
      else if (record.status === 'polling' && record.taskId)
        this.launch(record.id, request, {
          kind: 'poll',
          taskId: record.taskId,
          elapsedMs: this.clock.now() - (record.submittedAt ?? record.createdAt),
        });
      else if (record.status === 'downloading' && items?.length)
        this.launch(record.id, request, { kind: 'download', items });
      else {
        this.fail(record.id, new WanError('interrupted', { isRetryable: false }));
        continue;
      }
      resumed.push(record.id);
    }
    return resumed;
  }

  private launch(id: string, request: SeededGenerationRequest, from?: Resumption): void {
    const controller = new AbortController();
    const done = this.run(id, request, controller.signal, from).finally(() => this.jobs.delete(id));
    this.jobs.set(id, { controller, done });
  }

  private async run(
    id: string,
    request: SeededGenerationRequest,
    signal: AbortSignal,
    from?: Resumption,
  ): Promise<void> {
    const { repo } = this.deps;
    try {
      let outcome: TaskOutcome;
      const onProgress = (r: Extract<TaskReading, { state: 'running' }>): void => {
        repo.updateGeneration(id, { progress: r.progress });
        this.emit('generation.progressed', { generationId: id, status: 'polling', progress: r.progress });
      };
      if (from?.kind === 'download') outcome = { images: from.items };
      else if (from?.kind === 'poll') {
        outcome = await resumeTask(this.deps.client, from.taskId, {
          signal,
          timing: this.deps.pollTiming,
          clock: this.clock,
          onProgress,
          elapsedMs: from.elapsedMs,
        });
      } else {
        outcome = await runTask(this.deps.client, request, {
          signal,
          timing: this.deps.pollTiming,
          clock: this.clock,
          // Saved before the request leaves: if we die now, resume knows it may have been billed.
          onCreating: () => repo.updateGeneration(id, { status: 'submitting', submittedAt: this.clock.now() }),
          onSubmitted: (taskId) => {
            repo.updateGeneration(id, { status: 'polling', taskId });
            this.emit('generation.submitted', { generationId: id, taskId });
          },
          onProgress,
        });
      }
      await this.store(id, outcome, signal);
    } catch (err) {
      if (!this.isStopping) this.fail(id, toWanError(err));
    }
  }

  private async store(id: string, outcome: TaskOutcome, signal: AbortSignal): Promise<void> {
    const { repo } = this.deps;
    const revisedPrompts = outcome.images.map((image) => image.revisedPrompt ?? '');
    // The results are saved before any download, so a kill mid-download resumes from here.
    repo.updateGeneration(id, {
      status: 'downloading',
      progress: 100,
      resultItems: outcome.images,
      revisedPrompts,
      ...usagePatch(outcome.usage),
    });
    const record = repo.getGeneration(id)!;
    const total = outcome.images.length;
    let received = 0;
    this.emit('generation.downloading', { generationId: id, received, total });
    const stored = await Promise.all(
      outcome.images.map(async (item) => {
        const file = await this.storeItem(record, item, signal);
        this.emit('generation.downloading', { generationId: id, received: ++received, total });
        return file;
      }),
    );
    signal.throwIfAborted();
    const images: NewImage[] = stored.map((file, i) =>
      newImageFrom(file, {
        id: imageIdFor(id, outcome.images[i]!.index),
        generationId: id,
        index: outcome.images[i]!.index,
        createdAt: this.clock.now(),
      }),
    );
    try {
      repo.commitImages(id, images, { finishedAt: this.clock.now(), error: null });
    } catch (err) {
      throw new WanError('disk', { detail: `could not record the images: ${(err as Error).message}`, cause: err });
    }
    this.emit('generation.finished', { generationId: id, imageIds: images.map((i) => i.id) });
    this.queueThumbnails(record, images);
  }

  private async storeItem(record: GenerationRecord, item: ResultImage, signal: AbortSignal): Promise<StoredImage> {
    const { store, client } = this.deps;
    const imageId = imageIdFor(record.id, item.index);
    const createdAt = new Date(record.createdAt);
    const existing = await store.findExisting(imageId, createdAt);
    if (existing) return existing;
    const release = await this.downloads.acquire(signal);
    try {
      if (item.b64Json) return await store.writeBuffer(imageId, Buffer.from(item.b64Json, 'base64'), { createdAt });
      if (!item.url) throw new WanError('malformed_response', { detail: 'a result has neither url nor b64_json' });
      return await client.downloadTo(
        item.url,
        (body, info) => store.writeStream(imageId, body, { createdAt, expectedBytes: info.expectedBytes, signal }),
        { signal },
      );
    } finally {
      release();
    }
  }

  private fail(id: string, error: WanError): void {
    const status = error.code === 'canceled' ? 'canceled' : error.code === 'interrupted' ? 'interrupted' : 'failed';
    try {
      this.deps.repo.updateGeneration(id, {
        status,
        finishedAt: this.clock.now(),
        error: { code: error.code, message: error.message, detail: error.detail ?? null },
      });
    } catch (err) {
      this.deps.logger?.warn('Could not record a failed generation', { id, error: String(err) });
    }
    this.emit('generation.failed', { generationId: id, error: error.toValue() });
  }

  /** Thumbnails are made after the job is done, one at a time, so they never slow a download. */
  private queueThumbnails(record: GenerationRecord, images: readonly NewImage[]): void {
    this.thumbnails = this.thumbnails.then(async () => {
      for (const image of images) {
        try {
          const thumb = await this.deps.store.makeThumbnail(image.path, image.id, new Date(record.createdAt));
          this.deps.repo.setThumbnail(image.id, thumb);
        } catch (err) {
          this.deps.logger?.warn('Could not make a thumbnail', { imageId: image.id, error: String(err) });
        }
      }
    });
  }
}

export function imageIdFor(generationId: string, index: number): string {
  return `${generationId}-${index}`;
}

function usagePatch(usage: Usage | undefined): { usage?: Record<string, unknown> } {
  return usage ? { usage: { ...usage } } : {};
}
