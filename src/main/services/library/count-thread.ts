import type { Worker } from 'node:worker_threads';
import type { GalleryQuery } from '../../../shared/contract';
import { findWorkerFile, startWorker } from '../thumbnails/thumbnail-pool';
import type { CountResult, CountTask } from './count-worker';
import type { GalleryRepository } from './gallery-repository';

// The gallery's filtered counts, off the main thread. The counters (migration 13) and the cache
// of counts answer at once on the main connection; anything else — a filter's first count, or the
// first after a change, 0.2-0.8 s on a million generations — is counted by one worker thread on
// its own read-only connection (count-worker.ts), and the answer kept as the main thread would
// have kept it. Should the thread not start or fail, the count runs here as before: slower, never
// wrong.

/** File names the worker entry may have next to the running module: bundles, then the source. */
const WORKER_FILES = ['count-worker.js', 'count-worker.mjs', 'count-worker.ts'];

type Pending = { resolve: (total: number) => void; reject: (err: Error) => void };

/** Where count-worker is (the same places as the thumbnail worker: see findWorkerFile). */
export function resolveCountWorker(moduleUrl: string = import.meta.url): string | undefined {
  return findWorkerFile(moduleUrl, WORKER_FILES);
}

export class CountThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Counts the thread answered; what the tests look at to tell it from the main-thread fallback. */
  answered = 0;

  private readonly workerFile: string | undefined;

  constructor(private readonly options: { workerFile?: string; nativeBinding?: string } = {}) {
    this.workerFile = options.workerFile ?? resolveCountWorker();
  }

  /** How many images match `query`: from the counters or the cache at once, else from the thread. */
  async count(gallery: GalleryRepository, query: GalleryQuery): Promise<number> {
    const known = gallery.knownCount(query);
    if (known.total !== undefined) return known.total;
    if (gallery.db.memory) return gallery.count(query);
    let total: number;
    try {
      total = await this.run({ file: gallery.db.name, query, nativeBinding: this.options.nativeBinding });
    } catch {
      return gallery.count(query);
    }
    this.answered++;
    // The library may have closed meanwhile (a switch): the answer stands, nothing is kept.
    return gallery.db.open ? known.keep(total) : total;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the count thread closed'));
    await worker?.terminate();
  }

  private run(task: Omit<CountTask, 'taskId'>): Promise<number> {
    const worker = this.start();
    const taskId = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(taskId, { resolve, reject });
      // A thread counting keeps the process alive until it answers; an idle one does not.
      worker.ref();
      worker.postMessage({ ...task, taskId } satisfies CountTask);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    if (!this.workerFile) throw new Error('count-worker is not next to this module');
    const worker = startWorker(this.workerFile);
    worker.unref();
    worker.on('message', (result: CountResult) => {
      const task = this.pending.get(result.taskId);
      if (!task) return;
      this.pending.delete(result.taskId);
      if (this.pending.size === 0) worker.unref();
      if (result.ok) task.resolve(result.total);
      else task.reject(new Error(result.reason));
    });
    // A thread that dies fails what it held (each then counts on the main thread); the next
    // count starts a new one.
    const onGone = (err: unknown): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(new Error(`the count thread stopped: ${String(err)}`));
    };
    worker.on('error', onGone);
    worker.on('exit', (code) => onGone(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private failAll(err: Error): void {
    for (const task of this.pending.values()) task.reject(err);
    this.pending.clear();
  }
}

const shared = new Map<string, CountThread>();

/**
 * The process's count thread (one per native binding, in practice one): the app and browser mode
 * reopen their services on a library switch, and an idle thread (unref'd, no connection open)
 * serves the next library as well as the last.
 */
export function sharedCountThread(nativeBinding?: string): CountThread {
  let thread = shared.get(nativeBinding ?? '');
  if (!thread) shared.set(nativeBinding ?? '', (thread = new CountThread({ nativeBinding })));
  return thread;
}
