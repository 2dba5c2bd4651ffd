import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// sha256 off the main thread, without copying the bytes. An export hashes every byte twice (the
// original, checked against its record, and the exported file for the manifest): on the main
// thread that was half the export's wall time, and WebCrypto copies its input before hashing it.
// Here the bytes sit in shared memory (the export's read buffers, see direct-io.ts), so a thread
// hashes them where they are: posting a view of shared memory copies nothing.

/**
 * The thread's whole program. Inline (an eval worker) on purpose: it needs only Node's own
 * modules, so it needs no bundle entry of its own and runs the same from source, from the CLI
 * bundle and in Electron.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, parts }) => {
  try {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    parentPort.postMessage({ id, sha256: hash.digest('hex') });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  }
});
`;

type Pending = { parts: readonly Uint8Array[]; resolve: (sha256: string) => void; reject: (err: unknown) => void };
type Lane = { worker: Worker; pending: Map<number, Pending> };
type Reply = { id: number; sha256?: string; error?: string };

const isShared = (part: Uint8Array): boolean => part.buffer instanceof SharedArrayBuffer;

/**
 * A few hashing threads (one per core, at most 4). Hashing the same bytes on the main thread is
 * the fallback when a thread cannot start, so an export never fails for want of a thread.
 */
export class HashThreads {
  private readonly lanes: Lane[] = [];
  private nextId = 0;
  private isClosed = false;
  private isStarted = false;

  constructor(private readonly size = Math.max(1, Math.min(4, availableParallelism()))) {}

  /** sha256 (hex) of the parts one after the other. Parts must stay unchanged until it resolves. */
  sha256(parts: readonly Uint8Array[]): Promise<string> {
    this.start();
    const lane = this.leastBusy();
    if (!lane) return Promise.resolve(hashHere(parts));
    // A view of ordinary memory is sent as a copy of its whole backing store, so small parts
    // (our metadata chunks) go as copies of just their bytes; large ones should be shared.
    const sent = parts.map((part) => (isShared(part) ? part : new Uint8Array(part)));
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      if (lane.pending.size === 0) lane.worker.ref();
      lane.pending.set(id, { parts, resolve, reject });
      lane.worker.postMessage({ id, parts: sent });
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const lanes = this.lanes.splice(0);
    // Nothing should be waiting by now; if something is, it is hashed here rather than left hanging.
    for (const lane of lanes) for (const job of lane.pending.values()) settleHere(job);
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }

  /** Threads start at the first hash: an export of JPEGs, or one with nothing left to write, needs none. */
  private start(): void {
    if (this.isStarted || this.isClosed) return;
    this.isStarted = true;
    for (let k = 0; k < this.size; k++) {
      try {
        this.lanes.push(this.startLane());
      } catch {
        break;
      }
    }
  }

  private leastBusy(): Lane | undefined {
    let best: Lane | undefined;
    for (const lane of this.lanes) if (!best || lane.pending.size < best.pending.size) best = lane;
    return best;
  }

  private startLane(): Lane {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    // Referenced only while it has work: an idle thread must not keep a CLI process alive, and a
    // busy one must, or the process could end while the export awaits nothing but a hash.
    worker.unref();
    const lane: Lane = { worker, pending: new Map() };
    worker.on('message', (reply: Reply) => {
      const job = lane.pending.get(reply.id);
      if (!job) return;
      lane.pending.delete(reply.id);
      if (lane.pending.size === 0) worker.unref();
      if (reply.sha256 !== undefined) job.resolve(reply.sha256);
      else job.reject(new Error(`sha256 failed: ${reply.error ?? 'unknown error'}`));
    });
    const fail = (): void => {
      const index = this.lanes.indexOf(lane);
      if (index >= 0) this.lanes.splice(index, 1);
      // Its jobs are hashed here instead: their bytes are still held unchanged by their callers.
      for (const job of lane.pending.values()) settleHere(job);
      lane.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      if (!this.isClosed) fail();
    });
    return lane;
  }
}

function settleHere(job: Pending): void {
  try {
    job.resolve(hashHere(job.parts));
  } catch (err) {
    job.reject(err);
  }
}

function hashHere(parts: readonly Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
