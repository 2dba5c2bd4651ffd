import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { hasImageEnd, imageKindOf, sniffImage, type ImageFormat } from './image-sniff';

// Bytes in and out of the store's files: reading a download's chunks, writing them, and reading a
// stored file back. Kept apart from the store's bookkeeping (paths, checks, errors).

export type ImageSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

// Sniffing needs a few hundred bytes; JPEG's frame header can sit after large EXIF/ICC segments.
export const HEAD_CAP = 256 * 1024;
// When the head was not enough (huge metadata), look this far into the file before giving up.
const DEEP_SNIFF_CAP = 16 * 1024 * 1024;

// Errors the source throws (network, abort) are wrapped on the way in, so they can be told apart
// from our own file-system errors and handed back unchanged for the caller to retry.
export class SourceFailure {
  constructor(readonly error: unknown) {}
}

export type ChunkReader = { next(): Promise<Uint8Array | undefined>; cancel(reason: unknown): void };

export function openSource(source: ImageSource, signal: AbortSignal | undefined): ChunkReader {
  const pull = isWebStream(source) ? webPull(source) : iterablePull(source);
  let isOpen = true;
  let rejectAbort: ((reason: unknown) => void) | undefined;
  const aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
  aborted.catch(() => undefined);
  const onAbort = (): void => rejectAbort?.(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const close = (): void => {
    isOpen = false;
    signal?.removeEventListener('abort', onAbort);
  };
  return {
    async next() {
      try {
        for (;;) {
          signal?.throwIfAborted();
          const read = pull.read();
          read.catch(() => undefined);
          const chunk = signal ? await Promise.race([read, aborted]) : await read;
          if (chunk === undefined) {
            close();
            return undefined;
          }
          if (!(chunk instanceof Uint8Array))
            throw new TypeError('the image source yielded something other than bytes');
          if (chunk.byteLength > 0) return chunk;
        }
      } catch (err) {
        close();
        throw new SourceFailure(err);
      }
    },
    cancel(reason) {
      if (!isOpen) return;
      close();
      // Not awaited: a source stuck mid-read would otherwise hold up the error behind it.
      pull.cancel(reason).catch(() => undefined);
    },
  };
}

type Pull = { read(): Promise<unknown>; cancel(reason: unknown): Promise<unknown> };

function isWebStream(source: ImageSource): source is ReadableStream<Uint8Array> {
  return 'getReader' in source && typeof source.getReader === 'function';
}

function webPull(stream: ReadableStream<Uint8Array>): Pull {
  const reader = stream.getReader();
  return {
    read: async () => {
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    cancel: (reason) => reader.cancel(reason),
  };
}

function iterablePull(iterable: AsyncIterable<Uint8Array>): Pull {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    read: async () => {
      const { done, value } = await iterator.next();
      return done ? undefined : value;
    },
    cancel: async () => iterator.return?.(),
  };
}

/** write(2) may write less than asked (a disk filling up does exactly that), so loop. */
export async function writeAll(fh: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const { bytesWritten } = pending.length === 1 ? await fh.write(pending[0]!) : await fh.writev(pending);
    if (bytesWritten === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO', syscall: 'write' });
    let left = bytesWritten;
    let k = 0;
    while (k < pending.length && left >= pending[k]!.byteLength) left -= pending[k++]!.byteLength;
    pending = pending.slice(k);
    if (left > 0) pending[0] = pending[0]!.subarray(left);
  }
}

export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch (err) {
    // Some file systems (network, FUSE) do not support fsync on a directory.
    if (errorCode(err) !== 'EINVAL' && errorCode(err) !== 'ENOTSUP') throw err;
  } finally {
    await dh.close();
  }
}

export function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

// Node's own file-system errors carry the failing syscall; anything else is a bug, not the disk.
export function isSystemError(err: unknown): boolean {
  return err instanceof Error && 'syscall' in err && typeof err.syscall === 'string';
}

export async function sniffDeep(head: Buffer, total: number, fh: FileHandle): Promise<ImageFormat | undefined> {
  const format = sniffImage(head);
  if (format || total <= head.length || imageKindOf(head) !== 'jpeg') return format;
  const deeper = Buffer.alloc(Math.min(total, DEEP_SNIFF_CAP));
  const { bytesRead } = await fh.read(deeper, 0, deeper.length, 0);
  return sniffImage(deeper.subarray(0, bytesRead));
}

/** Reads a whole stored file: its hash, size and format when it is a complete image. */
export async function inspectFile(
  absPath: string,
): Promise<{ format: ImageFormat; bytes: number; sha256: string } | undefined> {
  const fh = await open(absPath, 'r').catch((err: unknown) => {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
    throw err;
  });
  if (!fh) return undefined;
  try {
    const { size } = await fh.stat();
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 1024 * 1024));
    const head = Buffer.alloc(Math.min(size, HEAD_CAP));
    let position = 0;
    while (position < size) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const got = buffer.subarray(0, bytesRead);
      hash.update(got);
      if (position < head.length) got.copy(head, position, 0, Math.min(bytesRead, head.length - position));
      position += bytesRead;
    }
    const format = await sniffDeep(head, position, fh);
    const tail = Buffer.alloc(Math.min(position, 16));
    await fh.read(tail, 0, tail.length, position - tail.length);
    if (!format || !hasImageEnd(format, head, tail, position)) return undefined;
    return { format, bytes: position, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}

/** A file's sha256 and size, read in 1 MiB pieces. */
export async function hashFile(absPath: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(absPath, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * A small text file (a manifest, a marker, a pointer) written whole or not at all: a hidden temp
 * name beside it, flushed, renamed over it, and the folder entry flushed too.
 */
export async function writeTextFileAtomically(
  file: string,
  text: string,
  options: { tempDir?: string } = {},
): Promise<void> {
  // The writer's pid in the name lets a later writer sweep what a killed one left (see below). A
  // temp folder on the same file system (the library's tmp/) keeps leftovers where the start-up
  // sweep looks, instead of beside every image.
  const tempDir = options.tempDir ?? path.dirname(file);
  if (options.tempDir) await makeDirectory(tempDir);
  const temp = path.join(tempDir, `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.part`);
  const fh = await open(temp, 'wx');
  try {
    await writeAll(fh, [Buffer.from(text, 'utf8')]);
    await fh.sync();
    await fh.close();
    await rename(temp, file);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(path.dirname(file));
}

/**
 * Removes the temp files a killed `writeTextFileAtomically` of `file` left beside it (its writer's
 * pid is gone), so a manifest in a person's export folder leaves no hidden debris behind.
 */
export async function sweepAtomicLeftovers(file: string): Promise<number> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d{1,10})-[0-9a-f]{8}\.part$/.exec(name.slice(prefix.length));
    if (!match || isProcessAlive(Number(match[1]))) continue;
    await rm(path.join(dir, name), { force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}

/** Is a process with this pid running (EPERM: yes, another user's)? Claims and temp names carry pids. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}

/**
 * `mkdir -p` without Node's `recursive: true`, which never returns (it spins at 100% CPU) when a
 * parent exists but cannot hold children: a dangling symlink, a path under /proc. Folders come
 * from people and from export templates, so that must be an error, not a hang. Missing levels are
 * made one at a time from the nearest one that exists.
 */
export async function makeDirectory(dir: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const found = await stat(at).then(
      (info) => info,
      (err: unknown) => {
        if (errorCode(err) !== 'ENOENT' || path.dirname(at) === at) throw err;
        return undefined;
      },
    );
    if (found && !found.isDirectory()) throw notADirectory(at);
    if (found) break;
    missing.push(at);
  }
  for (const level of missing.reverse())
    await mkdir(level, { mode }).catch((err: unknown) => {
      if (errorCode(err) !== 'EEXIST') throw err;
    });
  // A dangling symlink answers EEXIST to mkdir yet is no folder: say so here, not later.
  if (missing.length > 0 && !(await stat(dir)).isDirectory()) throw notADirectory(path.resolve(dir));
}

/** makeDirectory, for the few callers that must stay synchronous. */
export function makeDirectorySync(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let found: ReturnType<typeof statSync> | undefined;
    try {
      found = statSync(at);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT' || path.dirname(at) === at) throw err;
    }
    if (found && !found.isDirectory()) throw notADirectory(at);
    if (found) break;
    missing.push(at);
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level, { mode });
    } catch (err) {
      if (errorCode(err) !== 'EEXIST') throw err;
    }
  }
  if (missing.length > 0 && !statSync(dir).isDirectory()) throw notADirectory(path.resolve(dir));
}

function notADirectory(at: string): Error {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), {
    code: 'ENOTDIR',
    syscall: 'mkdir',
    path: at,
  });
}
