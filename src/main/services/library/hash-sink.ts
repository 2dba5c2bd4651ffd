import { Worker } from 'node:worker_threads';

// A download's bytes are hashed and written on a thread of their own, so the main thread only
// reads the socket: on loopback the download is CPU-bound there, and sha256 on the main thread
// added its whole cost (~5 ms for 6.8 MB) after the last byte instead of beside it. The thread
// also flushes (fdatasync, on the libuv pool) as it goes, so little is dirty when the last byte
// lands. One thread serves every download in the process; it is started on first use.
//
// The thread's code is a string run with `eval`: it needs only Node's own modules, and that way
// the app, the CLI bundle and tsx load it alike, without a build entry of its own.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const sinks = new Map();
const plain = (e) => ({ message: String(e && e.message), code: e && e.code, syscall: e && e.syscall, errno: e && e.errno });
function fail(id, s, e) {
  if (s.failed) return;
  s.failed = true;
  parentPort.postMessage({ id, type: 'failed', error: plain(e) });
}
// fdatasync runs on the libuv pool, so hashing and writing go on beside it. The pool is the
// process's (4 threads, shared with every fs call and sharp), and a flush can wait long on a busy
// disk, so flushes as the bytes stream take one thread at most, for all downloads together. The
// last flush of a download starts at once, beside one still running: each starts the write-back
// of what is dirty when it begins, so the disk keeps working and the last has little left.
let streaming = 0;
function flush(id, s) {
  if (s.failed || s.unsynced === 0 || s.syncing >= 2) return;
  const isLast = s.ending;
  if (!isLast && (s.unsynced < s.every || s.syncing > 0 || streaming > 0)) return;
  s.unsynced = 0;
  s.syncing++;
  if (!isLast) streaming++;
  fs.fdatasync(s.fd, (e) => {
    s.syncing--;
    if (!isLast) streaming--;
    if (e) fail(id, s, e);
    flush(id, s);
    settle(id, s);
    // The pool thread is free again: other downloads due a flush may take it (oldest first).
    if (!isLast) for (const [other, t] of sinks) if (t !== s) flush(other, t);
  });
}
function settle(id, s) {
  if (!s.ending || s.syncing > 0 || !sinks.has(id)) return;
  sinks.delete(id);
  if (s.closing) parentPort.postMessage({ id, type: 'closed' });
  else parentPort.postMessage({ id, type: 'done', sha256: s.failed ? null : s.hash.digest('hex') });
}
function write(s, buffers) {
  let views = buffers.map((b) => new Uint8Array(b));
  for (const v of views) s.hash.update(v);
  // writev may write less than asked (a disk filling up does exactly that), so loop.
  while (views.length > 0) {
    let left = fs.writevSync(s.fd, views);
    if (left === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO', syscall: 'write' });
    s.unsynced += left;
    while (views.length > 0 && left >= views[0].byteLength) left -= views.shift().byteLength;
    if (left > 0) views[0] = views[0].subarray(left);
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'open') {
    const s = { fd: m.fd, every: m.syncEveryBytes, hash: createHash('sha256'), unsynced: 0 };
    sinks.set(m.id, Object.assign(s, { syncing: 0, failed: false, ending: false, closing: false }));
    return;
  }
  const s = sinks.get(m.id);
  if (!s) return;
  if (m.type === 'write') {
    if (!s.failed) {
      try {
        write(s, m.buffers);
      } catch (e) {
        fail(m.id, s, e);
      }
      flush(m.id, s);
    }
    parentPort.postMessage({ id: m.id, type: 'written', bytes: m.bytes });
    return;
  }
  // 'end' flushes what is left and answers with the hash; 'close' stops touching the file.
  s.ending = true;
  if (m.type === 'close') Object.assign(s, { closing: true, failed: true });
  flush(m.id, s);
  settle(m.id, s);
});
`;

// Chunks are gathered into one message of at least this size (fewer messages, one writev each)…
const BATCH_BYTES = 256 * 1024;
// …and at most this much may wait on the thread before reading pauses, so memory stays bounded.
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

type Reply =
  | { id: number; type: 'written'; bytes: number }
  | { id: number; type: 'failed'; error: PlainError }
  | { id: number; type: 'done'; sha256: string | null }
  | { id: number; type: 'closed' };
type PlainError = { message: string; code?: string; syscall?: string; errno?: number };
type Crashed = { type: 'crashed'; error: unknown };
type Listener = (reply: Reply | Crashed) => void;

let shared: { worker: Worker; listeners: Map<number, Listener> } | undefined;
let nextId = 1;

function thread(): NonNullable<typeof shared> {
  if (shared) return shared;
  const worker = new Worker(WORKER_SOURCE, { eval: true, name: 'wan-hash-sink' });
  const listeners = new Map<number, Listener>();
  const current = { worker, listeners };
  const crash = (error: unknown): void => {
    if (shared === current) shared = undefined;
    for (const listener of [...listeners.values()]) listener({ type: 'crashed', error });
    listeners.clear();
  };
  worker.on('message', (reply: Reply) => listeners.get(reply.id)?.(reply));
  worker.on('error', crash);
  worker.on('exit', (code) => crash(new Error(`exit code ${code}`)));
  // Idle, it must not keep the process alive; an open sink refs it.
  worker.unref();
  shared = current;
  return current;
}

/**
 * Hashes, writes and flushes a download's chunks to `fd` on the shared thread, in order. `push`
 * hands a chunk over (it may be detached afterwards: copy first what you still need); `finish`
 * resolves with the sha256 once every byte is written and flushed (fdatasync); `close` stops the
 * thread touching `fd`, and must be awaited before the file is closed when giving up. A write or
 * flush error (ENOSPC, EIO) comes back as a Node system error from the next call.
 */
export class HashSink {
  private readonly id = nextId++;
  private readonly thread = thread();
  private batch: ArrayBuffer[] = [];
  private batchBytes = 0;
  private pendingBytes = 0;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private settled: ((reply: Reply | Crashed) => void) | undefined;
  private isOpen = true;
  private isCrashed = false;

  constructor(fd: number, options: { syncEveryBytes: number }) {
    this.thread.listeners.set(this.id, (reply) => this.onReply(reply));
    if (this.thread.listeners.size === 1) this.thread.worker.ref();
    this.thread.worker.postMessage({ id: this.id, type: 'open', fd, syncEveryBytes: options.syncEveryBytes });
  }

  /** With `isOwned` (nobody else holds the chunk: a fetch body's), its memory moves, uncopied. */
  async push(chunk: Uint8Array, isOwned = false): Promise<void> {
    this.throwIfFailed();
    this.batch.push(isOwned ? ownBuffer(chunk) : copyOf(chunk));
    this.batchBytes += chunk.byteLength;
    if (this.batchBytes < BATCH_BYTES) return;
    this.send();
    while (this.pendingBytes > MAX_PENDING_BYTES && !this.failure) await new Promise<void>((r) => (this.wake = r));
    this.throwIfFailed();
  }

  async finish(): Promise<string> {
    this.throwIfFailed();
    if (this.batchBytes > 0) this.send();
    const reply = await this.request('end');
    this.release();
    this.throwIfFailed();
    if (reply.type === 'done' && reply.sha256) return reply.sha256;
    throw new Error('the hashing thread gave no hash');
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    await this.request('close');
    this.release();
  }

  private send(): void {
    const buffers = this.batch;
    const bytes = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    this.pendingBytes += bytes;
    try {
      this.thread.worker.postMessage({ id: this.id, type: 'write', buffers, bytes }, buffers);
    } catch {
      // A buffer Node will not move (marked untransferable): send copies instead.
      const copies = buffers.map((b) => b.slice(0));
      this.thread.worker.postMessage({ id: this.id, type: 'write', buffers: copies, bytes }, copies);
    }
  }

  private request(type: 'end' | 'close'): Promise<Reply | Crashed> {
    // A crashed thread touches no file any more and answers nothing.
    if (this.isCrashed) return Promise.resolve({ type: 'crashed', error: undefined });
    return new Promise((resolve) => {
      this.settled = resolve;
      this.thread.worker.postMessage({ id: this.id, type });
    });
  }

  private onReply(reply: Reply | Crashed): void {
    if (reply.type === 'written') {
      this.pendingBytes -= reply.bytes;
      if (this.pendingBytes > MAX_PENDING_BYTES) return;
    } else if (reply.type === 'failed') {
      this.failure ??= { error: systemError(reply.error) };
    } else {
      if (reply.type === 'crashed') {
        this.isCrashed = true;
        this.failure ??= { error: new CrashError(reply.error) };
      }
      const settled = this.settled;
      this.settled = undefined;
      settled?.(reply);
    }
    this.wake?.();
    this.wake = undefined;
  }

  private release(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.thread.listeners.delete(this.id);
    if (this.thread.listeners.size === 0) this.thread.worker.unref();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

class CrashError extends Error {
  constructor(cause: unknown) {
    super(`the hashing thread stopped: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * An ArrayBuffer holding exactly `chunk`, to move to the thread without copying when the chunk
 * owns all of its buffer (fetch's chunks do); a slice of a shared or pooled buffer is copied.
 */
function ownBuffer(chunk: Uint8Array): ArrayBuffer {
  const { buffer } = chunk;
  if (
    buffer instanceof ArrayBuffer &&
    chunk.byteOffset === 0 &&
    chunk.byteLength === buffer.byteLength &&
    !isPooled(chunk)
  )
    return buffer;
  return copyOf(chunk);
}

function copyOf(chunk: Uint8Array): ArrayBuffer {
  return Uint8Array.prototype.slice.call(chunk).buffer as ArrayBuffer;
}

// Node's Buffer pool backs many small Buffers with one ArrayBuffer; moving it would detach them all.
function isPooled(chunk: Uint8Array): boolean {
  return Buffer.isBuffer(chunk) && chunk.byteLength < Buffer.poolSize >>> 1;
}

/** The thread's plain error object made back into a Node system error (code, syscall) for diskErrorFrom. */
function systemError(plain: PlainError): Error {
  return Object.assign(new Error(plain.message), { code: plain.code, syscall: plain.syscall, errno: plain.errno });
}
