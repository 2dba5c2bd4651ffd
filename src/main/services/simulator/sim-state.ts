import { randomBytes } from 'node:crypto';
import { parseSize } from '../../../shared/models';
import type { Directives } from './faults';
import { hexRgb, type RenderInputs, type RenderSpec } from './png-render';
import type { SimRequest } from './sim-validate';

// The simulator's memory: tasks, their images, the upstream limits, and counters tests read.

export type SimImage = {
  id: string;
  task: SimTask;
  spec: RenderSpec;
  revisedPrompt: string;
  expiresAt?: number;
};

export type SimTask = {
  id: string;
  request: SimRequest;
  directives: Directives;
  createdAt: number;
  durationMs: number;
  images?: SimImage[];
  finishedAt?: number;
  failure?: { code: string; message: string; httpStatus: number };
};

export type SimStats = {
  creates: number;
  accepted: number;
  polls: number;
  downloads: number;
  rejectedByLimits: number;
  /** Of those, refused for the concurrent-task limit (the rest: the rate limit). */
  rejectedByConcurrency: number;
  maxConcurrentTasks: number;
  /** When each accepted create arrived, for rate checks. */
  createTimes: number[];
};

export type TaskView =
  | { kind: 'running'; status: 'queued' | 'processing' | 'unknown'; progress: number }
  | { kind: 'done' }
  | { kind: 'failed'; failure: NonNullable<SimTask['failure']> };

type Limits = { taskDurationMs: number; urlTtlMs: number; createsPerSecond: number; maxConcurrentTasks: number };

const RENDER_CACHE_SIZE = 24;
const RECEIVED_KEPT = 50;

export type ReceivedRequest = {
  /** e.g. `POST /api/v1/services/aigc/image-generation/generation` */
  route: string;
  contentType: string;
  /** The X-DashScope-Async header, when sent. */
  asyncHeader?: string;
  /** A JSON body, data URIs as `data:<mime>;sha256=<hex>;bytes=<n>`. */
  json?: unknown;
  /** A multipart body: its text fields and its files. */
  form?: {
    fields: Record<string, string[]>;
    files: Array<{ field: string; type: string; sha256: string; bytes: number }>;
  };
};

export class SimState {
  readonly tasks = new Map<string, SimTask>();
  readonly images = new Map<string, SimImage>();
  readonly stats: SimStats = {
    creates: 0,
    accepted: 0,
    polls: 0,
    downloads: 0,
    rejectedByLimits: 0,
    rejectedByConcurrency: 0,
    maxConcurrentTasks: 0,
    createTimes: [],
  };
  /** The last create bodies as received (data URIs summarised), newest last: for tests. */
  readonly received: ReceivedRequest[] = [];
  private readonly renders = new Map<string, Buffer>();

  record(entry: ReceivedRequest): void {
    this.received.push(entry);
    if (this.received.length > RECEIVED_KEPT) this.received.shift();
  }

  constructor(readonly limits: Limits) {}

  private runningCount(now: number): number {
    let running = 0;
    for (const task of this.tasks.values()) if (!task.failure && now < task.createdAt + task.durationMs) running++;
    return running;
  }

  /** Upstream's per-account limits; returns the refusal message when one is exceeded. */
  admit(now = Date.now()): string | undefined {
    const { createsPerSecond, maxConcurrentTasks } = this.limits;
    const recent = this.stats.createTimes.filter((t) => now - t < 1000).length;
    if (createsPerSecond > 0 && recent >= createsPerSecond) {
      this.stats.rejectedByLimits++;
      return `Requests rate limit exceeded: at most ${createsPerSecond} task submissions per second.`;
    }
    if (maxConcurrentTasks > 0 && this.runningCount(now) >= maxConcurrentTasks) {
      this.stats.rejectedByLimits++;
      this.stats.rejectedByConcurrency++;
      return `Too many concurrent tasks: at most ${maxConcurrentTasks}.`;
    }
    return undefined;
  }

  addTask(request: SimRequest, directives: Directives, now = Date.now()): SimTask {
    const behaviour = directives.task;
    const durationMs =
      behaviour.outcome === 'hang' || behaviour.outcome === 'unknown'
        ? Number.POSITIVE_INFINITY
        : (behaviour.durationMs ?? this.limits.taskDurationMs);
    const task: SimTask = {
      id: `task_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`,
      request,
      directives,
      createdAt: now,
      durationMs,
    };
    this.tasks.set(task.id, task);
    this.stats.createTimes.push(now);
    this.stats.maxConcurrentTasks = Math.max(this.stats.maxConcurrentTasks, this.runningCount(now));
    return task;
  }

  /** Makes the task's images (or its failure) once its time is up. */
  finish(task: SimTask, now = Date.now()): void {
    if (task.images || task.failure) return;
    task.finishedAt = now;
    const behaviour = task.directives.task;
    if (behaviour.outcome === 'fail') {
      const code = behaviour.failCode ?? 'InternalError.Algo';
      const isContent = /inspection|infringement/i.test(code);
      task.failure = {
        code,
        message: isContent ? 'Input data may contain inappropriate content.' : 'The task failed in the simulator.',
        httpStatus: isContent ? 400 : 500,
      };
      return;
    }
    const { width, height } = parseSize(task.request.size) ?? { width: 1024, height: 1024 };
    const total = task.request.isSequential
      ? Math.max(1, Math.min(task.request.n, behaviour.count ?? task.request.n))
      : task.request.n;
    const ttl = behaviour.urlTtlMs ?? this.limits.urlTtlMs;
    task.images = Array.from({ length: total }, (_, index) => {
      const image: SimImage = {
        id: `${task.id}-${index}`,
        task,
        spec: {
          prompt: task.request.prompt,
          seed: task.request.seed,
          width,
          height,
          index,
          total,
          inputs: renderInputsOf(task.request),
        },
        revisedPrompt: task.request.isSequential
          ? `第${index + 1}张:${task.request.prompt}`
          : task.request.thinkingMode
            ? `${task.request.prompt},细节丰富,光影自然`
            : task.request.prompt,
        expiresAt: now + ttl,
      };
      this.images.set(image.id, image);
      return image;
    });
  }

  view(task: SimTask, now = Date.now()): TaskView {
    const behaviour = task.directives.task;
    const elapsed = now - task.createdAt;
    if (elapsed >= task.durationMs) {
      this.finish(task, now);
      return task.failure ? { kind: 'failed', failure: task.failure } : { kind: 'done' };
    }
    if (behaviour.outcome === 'unknown') return { kind: 'running', status: 'unknown', progress: 0 };
    const queuedFor = Math.min(task.durationMs * 0.15, 1500);
    if (elapsed < queuedFor) return { kind: 'running', status: 'queued', progress: 0 };
    const progress = Number.isFinite(task.durationMs)
      ? Math.min(99, Math.round((elapsed / task.durationMs) * 100))
      : Math.min(95, Math.round(elapsed / 1000));
    return { kind: 'running', status: 'processing', progress };
  }

  cachedRender(id: string, render: () => Buffer): Buffer {
    let bytes = this.renders.get(id);
    if (!bytes) {
      bytes = render();
      this.renders.set(id, bytes);
      if (this.renders.size > RENDER_CACHE_SIZE) this.renders.delete(this.renders.keys().next().value!);
    }
    return bytes;
  }
}

/** What of the inputs shows on every result: the first reference, each box, the palette. */
function renderInputsOf(request: SimRequest): RenderInputs | undefined {
  const refs = request.references ?? [];
  if (refs.length === 0 && !request.palette) return undefined;
  const boxes = (request.bboxList ?? []).flatMap((entry, ref) =>
    entry.map(([x1, y1, x2, y2]) => {
      const { width, height } = refs[ref]!;
      // In that reference's coordinates, scaled to the output (as fractions of each side).
      return { ref, x1: x1! / width, y1: y1! / height, x2: x2! / width, y2: y2! / height };
    }),
  );
  return {
    thumb: refs[0]?.thumb,
    boxes,
    palette: request.palette?.map((e) => ({ rgb: hexRgb(e.hex), ratio: e.ratio })),
  };
}
