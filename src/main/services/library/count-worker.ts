import { parentPort } from 'node:worker_threads';
import type { GalleryQuery } from '../../../shared/contract';
import { openDatabase } from './database';
import { GalleryRepository } from './gallery-repository';

// The count thread's entry (see count-thread.ts): counts a gallery view on its own read-only
// connection, so reading a million matches (0.2-0.8 s) does not hold the main event loop. The
// connection lives for one count only: no handle is left open on a library being moved or restored.
// Built as its own file next to the main bundle (electron.vite.config.ts, the CLI bundle).

export type CountTask = { taskId: number; file: string; query: GalleryQuery; nativeBinding?: string };
export type CountResult = { taskId: number; ok: true; total: number } | { taskId: number; ok: false; reason: string };

const port = parentPort;
if (!port) throw new Error('count-worker.ts runs only as a worker thread');

port.on('message', (task: CountTask) => {
  port.postMessage(run(task));
});

function run(task: CountTask): CountResult {
  try {
    const db = openDatabase(task.file, { isReadonly: true, nativeBinding: task.nativeBinding });
    try {
      return { taskId: task.taskId, ok: true, total: new GalleryRepository(db).countNow(task.query) };
    } finally {
      db.close();
    }
  } catch (err) {
    return { taskId: task.taskId, ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
