import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { errorCode } from '../library/byte-streams';

// Exported files go to disk with O_DIRECT where the system has it (Linux): from our buffer
// straight to the device, not copied into the page cache first and written back later. On the
// 2-core machine the bench runs on, that copy and its write-back cost as much CPU as both sha256
// passes together (bench/export.bench.ts prints both); a direct write costs a tenth of it. The
// file still gets its fdatasync in its batch (export-commit.ts) for its size and the disk's
// cache, and still appears under its name only after that. Anywhere direct I/O is refused (macOS,
// Windows, tmpfs, some network shares, a buffer the kernel finds misaligned) the file is written
// the ordinary way and the export stops trying for the rest of its run.

/** Direct I/O wants the memory, the length and the file offset aligned; a page covers every disk. */
export const DIRECT_ALIGN = 4096;

export const roundUp = (n: number): number => Math.ceil(n / DIRECT_ALIGN) * DIRECT_ALIGN;

const WASM_PAGE = 65536;

/**
 * Shared memory (the hashing threads read it where it is, see hash-threads.ts) that starts on a
 * page boundary (direct I/O needs it): a shared WebAssembly memory is both, since V8 maps it on
 * its own pages. Plain shared memory when that is not available; direct writes then fall back.
 */
export function alignedSharedBuffer(size: number): Buffer {
  const pages = Math.ceil(size / WASM_PAGE);
  try {
    return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer);
  } catch {
    return Buffer.from(new SharedArrayBuffer(pages * WASM_PAGE));
  }
}

/** One per export run: remembers that direct I/O was refused, so it is tried once, not per file. */
export class DirectWrites {
  private isOff: boolean;

  constructor(isEnabled = true) {
    this.isOff = !isEnabled || constants.O_DIRECT === undefined;
  }

  get isAvailable(): boolean {
    return !this.isOff;
  }

  /**
   * Writes `memory[0, length)` to a fresh file at `file` (replacing one a killed run left). The
   * memory must start page-aligned and hold `roundUp(length)` bytes: the last block goes out whole
   * and the file is then cut to `length`. False when direct I/O is not possible here: nothing
   * usable was written and the caller writes the file the ordinary way.
   */
  async write(file: string, memory: Buffer, length: number): Promise<boolean> {
    if (this.isOff) return false;
    let fh: FileHandle;
    try {
      fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DIRECT!);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      this.isOff = true;
      return false;
    }
    try {
      const padded = roundUp(length);
      let written = 0;
      while (written < padded) {
        const { bytesWritten } = await fh.write(memory, written, padded - written, written);
        if (bytesWritten === 0)
          throw Object.assign(new Error('write made no progress'), { code: 'EIO', syscall: 'write' });
        written += bytesWritten;
      }
      if (padded !== length) await fh.truncate(length);
      return true;
    } catch (err) {
      if (!isRefusal(err)) throw err;
      this.isOff = true;
      return false;
    } finally {
      await fh.close();
    }
  }
}

/** What a file system or a kernel says when it does not do direct I/O (or not with this buffer). */
function isRefusal(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'EINVAL' || code === 'ENOTSUP' || code === 'EOPNOTSUPP';
}
