import { createHash, randomBytes } from 'node:crypto';
import { lstat, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { WanError } from '../wan-error';
import { diskErrorFrom } from './disk-errors';
import {
  errorCode,
  isProcessAlive,
  HEAD_CAP,
  inspectFile,
  isSystemError,
  openSource,
  sniffDeep,
  SourceFailure,
  syncDirectory,
  writeAll,
  type ImageSource,
  makeDirectory,
} from './byte-streams';
import { HashSink } from './hash-sink';
import { imageKindOf, SIGNATURE_BYTES, sniffImage, type ImageFormat } from './image-sniff';
import { recordPathFor } from './library-records';

// The library's files: downloads stream to tmp/, are checked, then renamed into images/YYYY/MM/,
// so a crash or a full disk never leaves a half image where the gallery would show it.

export type { ImageSource };
export type StoredImage = { relPath: string; absPath: string; bytes: number; sha256: string } & ImageFormat;
export type Dimensions = { width: number; height: number };
export type WriteStreamOptions = {
  createdAt: Date;
  expectedBytes?: number;
  expected?: Dimensions;
  signal?: AbortSignal;
  /** Nobody else holds the source's chunks (a fetch body): they move to the hashing thread uncopied. */
  isSourceOwned?: boolean;
};

const IMAGE_EXTS = ['png', 'jpg', 'webp'] as const;
const HOUR_MS = 60 * 60 * 1000;
const ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
// A download is flushed to disk as it streams, every this many bytes, so little is left to flush
// after its last byte (a 2K PNG is ~7 MB; one flush per MB costs a journal commit each).
const SYNC_EVERY_BYTES = 1024 * 1024;

export class ImageStore {
  readonly root: string;
  private readonly knownDirs = new Set<string>();

  constructor(options: { root: string }) {
    this.root = path.resolve(options.root);
  }

  relPathFor(imageId: string, createdAt: Date, ext: string): string {
    return `images/${datedName(imageId, createdAt, ext)}`;
  }

  async writeStream(imageId: string, source: ImageSource, options: WriteStreamOptions): Promise<StoredImage> {
    // Refuse a bad id or date before any bytes are fetched, not after.
    this.relPathFor(imageId, options.createdAt, 'png');
    options.signal?.throwIfAborted();
    const tmpPath = this.tempPathFor(imageId);
    const chunks = openSource(source, options.signal);
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let total = 0;
    let busyPath = path.dirname(tmpPath);
    let fh: FileHandle | undefined;
    let sink: HashSink | undefined;
    try {
      // Read access too, so a JPEG with huge metadata can be sniffed from the file itself.
      fh = await this.inDir(busyPath, () => open(tmpPath, 'wx+'));
      busyPath = tmpPath;
      // Hashing, writing and flushing run on another thread while this one reads the socket.
      sink = new HashSink(fh.fd, { syncEveryBytes: SYNC_EVERY_BYTES, path: tmpPath });
      let isKindChecked = false;
      for (let chunk = await chunks.next(); chunk; chunk = await chunks.next()) {
        total += chunk.byteLength;
        // A copy: the sink takes the chunk's memory to the other thread.
        if (headBytes < HEAD_CAP) {
          head.push(Uint8Array.prototype.slice.call(chunk, 0, HEAD_CAP - headBytes));
          headBytes += head.at(-1)!.byteLength;
        }
        // Fail fast on an error page instead of saving all of it first.
        if (!isKindChecked && headBytes >= SIGNATURE_BYTES) {
          isKindChecked = true;
          const start = Buffer.concat(head, SIGNATURE_BYTES);
          if (!imageKindOf(start)) throw notAnImage(start, 'the download');
        }
        await sink.push(chunk, options.isSourceOwned === true);
      }
      if (options.expectedBytes !== undefined && total !== options.expectedBytes) {
        throw new WanError('network', { detail: `download ended after ${total} of ${options.expectedBytes} bytes` });
      }
      // Most of the file is on disk already (the sink flushed it as it streamed): this is the rest.
      const sha256 = await sink.finish();
      const headBuffer = Buffer.concat(head, headBytes);
      const format = await sniffDeep(headBuffer, total, fh);
      if (!format) throw notAnImage(headBuffer, 'the download');
      checkDimensions(format, options.expected);
      await fh.close();
      fh = undefined;
      const relPath = this.relPathFor(imageId, options.createdAt, format.ext);
      busyPath = this.absolute(relPath);
      await this.publish(tmpPath, busyPath);
      return { relPath, absPath: busyPath, bytes: total, sha256, ...format };
    } catch (err) {
      chunks.cancel(err);
      // The other thread must be done with the file before it is closed (its number reused).
      await sink?.close().catch(() => undefined);
      await fh?.close().catch(() => undefined);
      await unlink(tmpPath).catch(() => undefined);
      throw this.storeError(err, busyPath, options.expectedBytes);
    }
  }

  async writeBuffer(
    imageId: string,
    bytes: Uint8Array,
    options: { createdAt: Date; expected?: Dimensions },
  ): Promise<StoredImage> {
    checkId(imageId);
    const format = sniffImage(bytes);
    if (!format) throw notAnImage(bytes, 'the image');
    checkDimensions(format, options.expected);
    const relPath = this.relPathFor(imageId, options.createdAt, format.ext);
    const absPath = this.absolute(relPath);
    await this.writeAtomically(imageId, absPath, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { relPath, absPath, bytes: bytes.byteLength, sha256, ...format };
  }

  /** Writes `bytes` whole at `relPath` (temp name, flush, rename): files that are not downloads, such as inputs. */
  async writeFileAt(relPath: string, tag: string, bytes: Uint8Array): Promise<void> {
    checkId(tag);
    await this.writeAtomically(tag, this.absolute(relPath), bytes);
  }

  async findExisting(imageId: string, createdAt: Date): Promise<StoredImage | undefined> {
    checkId(imageId);
    for (const ext of IMAGE_EXTS) {
      const relPath = this.relPathFor(imageId, createdAt, ext);
      const absPath = this.absolute(relPath);
      try {
        const found = await inspectFile(absPath);
        if (found && found.format.ext === ext) {
          return { relPath, absPath, bytes: found.bytes, sha256: found.sha256, ...found.format };
        }
      } catch (err) {
        throw this.storeError(err, absPath);
      }
    }
    return undefined;
  }

  absolute(relPath: string): string {
    const abs = resolveInside(this.root, relPath);
    if (abs === undefined)
      throw new WanError('internal', { detail: `refused a path outside the library: ${JSON.stringify(relPath)}` });
    return abs;
  }

  /** Where the thumbnail of an image goes: thumbs/YYYY/MM/<id>.webp, dated like the image. */
  thumbnailPathFor(imageId: string, createdAt: Date): string {
    return thumbnailRelPath(imageId, createdAt);
  }

  /** Stores thumbnail bytes made elsewhere (the thumbnail worker); returns the relative path. */
  async writeThumbnail(imageId: string, createdAt: Date, bytes: Uint8Array): Promise<string> {
    const relPath = this.thumbnailPathFor(imageId, createdAt);
    await this.writeAtomically(imageId, this.absolute(relPath), bytes);
    return relPath;
  }

  /**
   * Makes a thumbnail on this thread's event loop. The app and CLI use the thumbnail worker
   * (services/thumbnails); this stays for tests and as the benchmark's point of comparison.
   */
  async makeThumbnail(imageRelPath: string, imageId: string, createdAt: Date): Promise<string> {
    checkId(imageId);
    const source = this.absolute(imageRelPath);
    let input: Buffer;
    try {
      input = await readFile(source);
    } catch (err) {
      throw this.storeError(err, source);
    }
    let output: Buffer;
    try {
      // The worker's own pipeline, loaded on first use: opening a library (the CLI's `list`) must
      // not pay for libvips.
      const { renderThumbnail } = await import('../thumbnails/thumbnail-render');
      output = await renderThumbnail(input);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new WanError('internal', { detail: `thumbnail of ${imageRelPath}: ${reason}`, cause: err });
    }
    return await this.writeThumbnail(imageId, createdAt, output);
  }

  async remove(relPath: string): Promise<void> {
    const abs = this.absolute(relPath);
    try {
      await unlink(abs);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw this.storeError(err, abs);
    }
    // The image's record goes with it, so a rebuild does not bring back what was deleted.
    if (relPath.startsWith('images/')) await unlink(recordPathFor(abs)).catch(() => undefined);
  }

  /**
   * Removes temp files no download will finish: older than `olderThanMs`, or written by a process
   * that is gone (the pid is in the name) and untouched for a minute. Another process on the same
   * library may be downloading right now: its files are young and its pid alive, so they stay.
   */
  async sweepTemp(olderThanMs: number = HOUR_MS, isAlive: (pid: number) => boolean = isProcessAlive): Promise<number> {
    const dir = path.join(this.root, 'tmp');
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    let busyPath = dir;
    try {
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
        if (errorCode(err) === 'ENOENT') return [];
        throw err;
      });
      for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith('.part')) continue;
        busyPath = path.join(dir, entry.name);
        // A live download touches its file with every write, so only a dead one grows this old.
        const info = await lstat(busyPath).catch(ignoreMissing);
        if (!info) continue;
        const pid = writerPid(entry.name);
        const isOrphan =
          pid !== undefined && pid !== process.pid && !isAlive(pid) && info.mtimeMs < Date.now() - 60_000;
        if (info.mtimeMs > cutoff && !isOrphan) continue;
        if ((await unlink(busyPath).then(() => true, ignoreMissing)) === true) removed++;
      }
      return removed;
    } catch (err) {
      throw this.storeError(err, busyPath);
    }
  }

  private tempPathFor(imageId: string): string {
    // The writer's pid in the name lets a sweep tell a dead download from a live one.
    return path.join(this.root, 'tmp', `${imageId}.${process.pid}-${randomBytes(6).toString('hex')}.part`);
  }

  /** Temp file, flush, rename: the final name only ever holds complete bytes. */
  private async writeAtomically(imageId: string, absPath: string, bytes: Uint8Array): Promise<void> {
    const tmpPath = this.tempPathFor(imageId);
    let busyPath = path.dirname(tmpPath);
    let fh: FileHandle | undefined;
    try {
      fh = await this.inDir(busyPath, () => open(tmpPath, 'wx'));
      busyPath = tmpPath;
      await writeAll(fh, [bytes]);
      await fh.sync();
      await fh.close();
      fh = undefined;
      busyPath = absPath;
      await this.publish(tmpPath, absPath);
    } catch (err) {
      await fh?.close().catch(() => undefined);
      await unlink(tmpPath).catch(() => undefined);
      throw this.storeError(err, busyPath);
    }
  }

  /** Renames into place; if the rename cannot be made durable, takes it back. */
  private async publish(tmpPath: string, absPath: string): Promise<void> {
    const dir = path.dirname(absPath);
    await this.inDir(dir, () => rename(tmpPath, absPath));
    await syncDirectory(dir).catch(async (err: unknown) => {
      await unlink(absPath).catch(() => undefined);
      throw err;
    });
  }

  /**
   * Runs `op` in `dir`, creating the folder only the first time: a recursive mkdir per image costs
   * as much as the write itself. If someone removed the folder since, it is made again once.
   */
  private async inDir<T>(dir: string, op: () => Promise<T>): Promise<T> {
    if (!this.knownDirs.has(dir)) {
      await makeDirectory(dir);
      this.knownDirs.add(dir);
    }
    try {
      return await op();
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      this.knownDirs.delete(dir);
      await makeDirectory(dir);
      this.knownDirs.add(dir);
      return await op();
    }
  }

  private storeError(err: unknown, busyPath: string, neededBytes?: number): unknown {
    if (err instanceof SourceFailure) return err.error;
    if (err instanceof WanError) return err;
    const code = errorCode(err);
    if (code !== undefined && isSystemError(err)) {
      const where = path.relative(this.root, busyPath).split(path.sep).join('/') || '.';
      // A full disk names the library folder and the file's size: what the person must free.
      return diskErrorFrom(err, { folder: this.root, neededBytes, what: where });
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new WanError('internal', { detail: reason, cause: err });
  }
}

/** `rel` resolved under `root`, or undefined if it is absolute, climbs out, or smuggles a NUL. */
export function resolveInside(root: string, rel: string): string | undefined {
  if (rel.length === 0 || rel.includes('\0') || rel.includes('\\')) return undefined;
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return undefined;
  const parts = rel.split('/');
  // Stored paths never contain '..', so any is a sign of tampering even if it would stay inside.
  if (parts.includes('..')) return undefined;
  const base = path.resolve(root);
  const abs = path.resolve(base, ...parts);
  const back = path.relative(base, abs);
  if (back === '' || back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) return undefined;
  return abs;
}

/** thumbs/YYYY/MM/<id>.webp: where an image's thumbnail is (or will be made, on a tile's request). */
export function thumbnailRelPath(imageId: string, createdAt: Date): string {
  return `thumbs/${datedName(imageId, createdAt, 'webp')}`;
}

function datedName(imageId: string, createdAt: Date, ext: string): string {
  checkId(imageId);
  if (Number.isNaN(createdAt.getTime())) throw new WanError('internal', { detail: 'invalid image date' });
  if (!/^[a-z0-9]{1,8}$/.test(ext)) throw new WanError('internal', { detail: `invalid image extension: ${ext}` });
  const month = String(createdAt.getUTCMonth() + 1).padStart(2, '0');
  return `${createdAt.getUTCFullYear()}/${month}/${imageId}.${ext}`;
}

function checkId(imageId: string): void {
  if (!ID_PATTERN.test(imageId))
    throw new WanError('internal', { detail: `invalid image id: ${JSON.stringify(imageId)}` });
}

function checkDimensions(format: ImageFormat, expected: Dimensions | undefined): void {
  if (!expected || (expected.width === format.width && expected.height === format.height)) return;
  const detail = `image is ${format.width}x${format.height}, expected ${expected.width}x${expected.height}`;
  // The same URL would give the same picture again, so retrying the download cannot help.
  throw new WanError('malformed_response', { detail, isRetryable: false });
}

function notAnImage(bytes: Uint8Array, what: string): WanError {
  const start = Buffer.from(bytes.subarray(0, 24))
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
  const detail = `${what} is not a PNG, JPEG or WebP image (${bytes.byteLength} bytes seen, starts "${start}")`;
  return new WanError('malformed_response', { detail, isRetryable: false });
}

/** The pid in `<id>.<pid>-<hex>.part`; undefined for names from before the pid was added. */
export function writerPid(name: string): number | undefined {
  const match = /\.(\d{1,10})-[0-9a-f]+\.part$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function ignoreMissing(err: unknown): undefined {
  if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return undefined;
  throw err;
}
