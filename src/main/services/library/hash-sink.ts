import { Worker } from 'node:worker_threads';
import { HASH_SINK_THREAD_SOURCE } from './hash-sink-thread';

// A download's bytes are hashed and written on a thread of their own, so the main thread only
// reads the socket: on loopback the download is CPU-bound there, and sha256 on the main thread
// added its whole cost (~5 ms for 6.8 MB) after the last byte instead of beside it. The thread
// also flushes (fdatasync, on the libuv pool) as it goes, so little is dirty when the last byte
// lands. One thread serves every download in the process; it is started on first use. Given the
// file's path, it writes with direct I/O where the system allows (see hash-sink-thread.ts).

// Chunks are gathered into one message of at least this size (fewer messages, one writev each)…
const BATCH_BYTES = 256 * 1024;
// …and at most this much may wait on the thread before reading pauses, so memory stays bounded.
const MAX_PENDING_BYTES = 8 * 1024 * 1024;
// Direct writes go out in blocks of this size, two per download in flight (a multiple of 64 KiB).
const DIRECT_BLOCK_BYTES = 1024 * 1024;

type Reply =
  | { id: number; type: 'written'; bytes: number }
  | { id: number; type: 'failed'; error: PlainError }
  | { id: number; type: 'done'; sha256: string | null; isDirect: boolean }
  | { id: number; type: 'closed' };
type PlainError = { message: string; code?: string; syscall?: string; errno?: number };
type Crashed = { type: 'crashed'; error: unknown };
type Listener = (reply: Reply | Crashed) => void;

let shared: { worker: Worker; listeners: Map<number, Listener> } | undefined;
let nextId = 1;

function thread(): NonNullable<typeof shared> {
  if (shared) return shared;
  const worker = new Worker(HASH_SINK_THREAD_SOURCE, { eval: true, name: 'wan-hash-sink' });
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
  private isDirect = false;

  /** With `path` (the file `fd` is open on), the thread opens it a second time for direct writes. */
  constructor(fd: number, options: { syncEveryBytes: number; path?: string }) {
    this.thread.listeners.set(this.id, (reply) => this.onReply(reply));
    if (this.thread.listeners.size === 1) this.thread.worker.ref();
    const { syncEveryBytes, path } = options;
    this.thread.worker.postMessage({
      id: this.id,
      type: 'open',
      fd,
      syncEveryBytes,
      path,
      blockBytes: DIRECT_BLOCK_BYTES,
    });
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
    if (reply.type === 'done' && reply.sha256) {
      this.isDirect = reply.isDirect;
      return reply.sha256;
    }
    throw new Error('the hashing thread gave no hash');
  }

  /** After `finish`: whether every byte went to the file with direct I/O (no page cache). */
  get wroteDirect(): boolean {
    return this.isDirect;
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
