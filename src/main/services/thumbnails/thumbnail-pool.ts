import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WanError } from '../wan-error';
import type { ThumbnailResult, ThumbnailTask } from './thumbnail-worker';

// A small pool of worker threads that render thumbnails (thumbnail-worker.ts), with two queues:
// results just generated (and tiles the gallery is waiting for) go before backfill. Closing the
// pool ends the threads and fails what was still waiting with `canceled`.

export type ThumbnailPriority = 'high' | 'low';

type Task = {
  taskId: number;
  source: string;
  priority: ThumbnailPriority;
  resolve: (bytes: Uint8Array) => void;
  reject: (err: unknown) => void;
};
type Slot = { worker: Worker; task: Task | undefined };

/** File names the worker entry may have next to the running module: bundles, then the source. */
const WORKER_FILES = ['thumbnail-worker.js', 'thumbnail-worker.mjs', 'thumbnail-worker.ts'];

/**
 * Where the worker entry is: next to the module that runs this code. That is this source file's
 * folder under tsx or vitest (thumbnail-worker.ts), out/main/ in the electron-vite build (a second
 * entry there, thumbnail-worker.js) and the CLI bundle's folder (its own worker entry). The parent
 * folder is looked at too, for a bundler that puts this code in a chunks/ subfolder. In a packaged
 * app, the copy unpacked from app.asar comes first.
 */
export function resolveWorkerFile(moduleUrl: string = import.meta.url): string {
  const found = findWorkerFile(moduleUrl, WORKER_FILES);
  if (found) return found;
  const dir = path.dirname(fileURLToPath(moduleUrl));
  throw new WanError('internal', { detail: `the thumbnail worker (${WORKER_FILES.join(', ')}) is not in ${dir}` });
}

/**
 * The first of `names` in the running module's folder or its parent (a bundler's chunks/ folder);
 * inside a packaged app, the copy unpacked from app.asar first. Undefined when none is there.
 */
export function findWorkerFile(moduleUrl: string, names: readonly string[]): string | undefined {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  const asar = `app.asar${path.sep}`;
  const near = [dir, path.dirname(dir)];
  const dirs = dir.includes(asar)
    ? [...near.map((d) => d.replace(asar, `app.asar.unpacked${path.sep}`)), ...near]
    : near;
  for (const folder of dirs)
    for (const name of names) {
      const file = path.join(folder, name);
      if (existsSync(file)) return file;
    }
  return undefined;
}

/** One thread on two cores (the other serves the app), two at most: thumbnails are background work. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, cpus().length - 1));
}

export class ThumbnailPool {
  private readonly high: Task[] = [];
  private readonly low: Task[] = [];
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly workerFile: string;
  private nextId = 1;
  private isClosed = false;

  constructor(options: { size?: number; workerFile?: string } = {}) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
    this.workerFile = options.workerFile ?? resolveWorkerFile();
  }

  /** Worker threads alive now. */
  get threads(): number {
    return this.slots.length;
  }

  /** Tasks waiting or running. */
  get pending(): number {
    return this.high.length + this.low.length + this.slots.filter((s) => s.task).length;
  }

  /** The thumbnail (WebP bytes) of the original at `source`, an absolute path. */
  render(source: string, priority: ThumbnailPriority = 'low'): Promise<Uint8Array> {
    if (this.isClosed) return Promise.reject(closedError());
    return new Promise<Uint8Array>((resolve, reject) => {
      const task: Task = { taskId: this.nextId++, source, priority, resolve, reject };
      (priority === 'high' ? this.high : this.low).push(task);
      this.dispatch();
    });
  }

  /** Moves a waiting task for `source` to the front queue (the gallery now waits for it). */
  promote(source: string): void {
    const at = this.low.findIndex((t) => t.source === source);
    if (at < 0) return;
    const [task] = this.low.splice(at, 1);
    if (task) this.high.push({ ...task, priority: 'high' });
  }

  /** Ends the threads; every task not yet finished fails with `canceled`. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    const waiting = [...this.high.splice(0), ...this.low.splice(0)];
    for (const task of waiting) task.reject(closedError());
    const slots = this.slots.splice(0);
    for (const slot of slots) slot.task?.reject(closedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (!this.isClosed && this.high.length + this.low.length > 0) {
      const slot = this.slots.find((s) => !s.task) ?? this.spawn();
      if (!slot) return;
      const task = (this.high.length > 0 ? this.high : this.low).shift()!;
      slot.task = task;
      // A busy thread keeps the process alive (the CLI waits for it); an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage({ taskId: task.taskId, source: task.source } satisfies ThumbnailTask);
    }
  }

  private spawn(): Slot | undefined {
    if (this.slots.length >= this.size) return undefined;
    loadSharpHere();
    const worker = startWorker(this.workerFile);
    const slot: Slot = { worker, task: undefined };
    worker.on('message', (result: ThumbnailResult) => {
      const task = slot.task;
      if (!task || task.taskId !== result.taskId) return;
      slot.task = undefined;
      worker.unref();
      if (result.ok) task.resolve(result.bytes);
      else task.reject(renderError(task.source, result));
      this.dispatch();
    });
    // A thread that dies (out of memory on a huge original, say) fails its task; a new one is
    // started for the rest.
    const onGone = (err: unknown): void => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      slot.task?.reject(renderError(slot.task.source, { reason: `the thumbnail worker stopped: ${String(err)}` }));
      slot.task = undefined;
      this.dispatch();
    };
    worker.on('error', onGone);
    worker.on('exit', (code) => onGone(`exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }
}

let isSharpLoaded = false;

/**
 * sharp's docs: on glibc Linux the main thread must load sharp before any worker does, so its
 * shared libraries stay loaded until every thread is done. Loaded here, at the first thread,
 * rather than by an import: a command that makes no thumbnail need not load sharp for this.
 */
function loadSharpHere(): void {
  if (isSharpLoaded) return;
  createRequire(import.meta.url)('sharp');
  isSharpLoaded = true;
}

export function startWorker(file: string): Worker {
  if (!file.endsWith('.ts')) return new Worker(file);
  // From source (tsx, vitest): the thread registers tsx before it imports the TypeScript entry.
  // Bundled runtimes never get here, so tsx is only needed in a clone.
  // tsx/esm/api's ESM build (its exports map pairs index.cjs with index.mjs); require.resolve
  // works under vitest too, where import.meta.resolve does not.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const entry = pathToFileURL(file).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

export function closedError(): WanError {
  return new WanError('canceled', { detail: 'the library closed before this thumbnail was made' });
}

function renderError(source: string, result: { reason: string; code?: string }): Error {
  if (result.code === 'ENOENT') return Object.assign(new Error(`${source}: no such file`), { code: 'ENOENT' });
  return new WanError('internal', { detail: `thumbnail of ${path.basename(source)}: ${result.reason}` });
}
