import { createHash } from 'node:crypto';
import type { SimImage, SimState, SimTask } from './sim-state';

// What the simulator accepted, for harnesses that must tell "billed" from "stored" (the soak):
// every accepted task with its prompt, how many images it makes, and the sha256 of each image it
// served. Read-only: it never finishes a task or changes a counter.

export type SimTaskReport = {
  id: string;
  prompt: string;
  n: number;
  isSequential: boolean;
  mode: 'sync' | 'async';
  responseFormat: 'url' | 'b64_json';
  createdAt: number;
  state: 'running' | 'done' | 'failed';
  /** How many images the task makes (an image set may settle on fewer than n). */
  imageCount: number;
  /** Each image with the sha256 of the bytes served; null until the task has finished. */
  images: Array<{ id: string; index: number; bytes: number; sha256: string }> | null;
};

export type SimStatsReport = {
  creates: number;
  accepted: number;
  polls: number;
  downloads: number;
  rejectedByLimits: number;
  tasks: SimTaskReport[];
};

function imageCountOf(task: SimTask): number {
  if (task.images) return task.images.length;
  const { n, isSequential } = task.request;
  return isSequential ? Math.max(1, Math.min(n, task.directives.task.count ?? n)) : n;
}

export function statsReport(state: SimState, render: (image: SimImage) => Buffer): SimStatsReport {
  const { creates, accepted, polls, downloads, rejectedByLimits } = state.stats;
  const tasks = [...state.tasks.values()].map((task): SimTaskReport => {
    const images =
      task.images?.map((image) => {
        const bytes = render(image);
        return {
          id: image.id,
          index: image.spec.index,
          bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        };
      }) ?? null;
    return {
      id: task.id,
      prompt: task.request.prompt,
      n: task.request.n,
      isSequential: task.request.isSequential,
      mode: task.request.isAsync ? 'async' : 'sync',
      responseFormat: task.request.responseFormat,
      createdAt: task.createdAt,
      state: task.failure ? 'failed' : task.images ? 'done' : 'running',
      imageCount: task.failure ? 0 : imageCountOf(task),
      images,
    };
  });
  return { creates, accepted, polls, downloads, rejectedByLimits, tasks };
}
