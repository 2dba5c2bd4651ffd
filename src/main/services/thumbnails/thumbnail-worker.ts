import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { renderThumbnail } from './thumbnail-render';

// The worker thread's entry (see thumbnail-pool.ts): reads an original and renders its thumbnail,
// so neither the multi-megabyte read nor the decode's buffers land on the main event loop or heap.
// Built as its own file next to the main bundle (electron.vite.config.ts, the CLI bundle).

export type ThumbnailTask = { taskId: number; source: string };
export type ThumbnailResult =
  { taskId: number; ok: true; bytes: Uint8Array } | { taskId: number; ok: false; reason: string; code?: string };

const port = parentPort;
if (!port) throw new Error('thumbnail-worker.ts runs only as a worker thread');

port.on('message', (task: ThumbnailTask) => {
  void run(task).then((result) => {
    // The thumbnail's buffer moves to the main thread instead of being copied.
    const transfer = result.ok ? [result.bytes.buffer as ArrayBuffer] : [];
    port.postMessage(result, transfer);
  });
});

async function run(task: ThumbnailTask): Promise<ThumbnailResult> {
  try {
    const input = await readFile(task.source);
    const output = await renderThumbnail(input);
    // A fresh ArrayBuffer of exactly the thumbnail: sharp's may be pooled or larger.
    return { taskId: task.taskId, ok: true, bytes: new Uint8Array(output) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      taskId: task.taskId,
      ok: false,
      reason: err instanceof Error ? err.message : String(err),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
}
