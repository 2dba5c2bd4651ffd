import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashSink } from '../../src/main/services/library/hash-sink';

// The thread's direct-I/O path (hash-sink-thread.ts), on the real disk under the temp folder:
// page-aligned blocks, a padded tail cut back to the true length, a fallback where refused.
// The tests run in order: the last one turns direct I/O off for this process's thread.

const dirs: string[] = [];
let dir: string;

beforeEach(async () => {
  dir = await tempDir(tmpdir());
});

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(parent: string): Promise<string> {
  const made = await mkdtemp(path.join(parent, 'hash-sink-direct-'));
  dirs.push(made);
  return made;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Whether this folder's file system takes O_DIRECT (ext4 and xfs do; tmpfs, macOS, Windows not). */
function takesDirect(folder: string): boolean {
  if (constants.O_DIRECT === undefined) return false;
  const probe = path.join(folder, 'probe');
  try {
    closeSync(openSync(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT));
    return true;
  } catch {
    return false;
  }
}

/** Uneven chunks, from 1 byte to more than a block, as a network gives them. */
function chunked(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = [1, 700, 65_536, 1_300_000, 4096, 333_333][k % 6]!;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

async function sinkInto(file: string, bytes: Uint8Array): Promise<{ sha256: string; isDirect: boolean }> {
  const fh = await open(file, 'wx+');
  try {
    const sink = new HashSink(fh.fd, { syncEveryBytes: 1024 * 1024, path: file });
    for (const chunk of chunked(bytes)) await sink.push(chunk);
    const hash = await sink.finish();
    return { sha256: hash, isDirect: sink.wroteDirect };
  } finally {
    await fh.close();
  }
}

const MB = 1024 * 1024;
const SIZES = [0, 1, 4095, 4096, 4097, MB - 1, MB, MB + 1, 2 * MB + 4097, 7_130_317];

describe('direct writes from the hashing thread', () => {
  it('stores exact bytes, hash and length for sizes around block boundaries', async () => {
    const isDirect = takesDirect(dir);
    for (const size of SIZES) {
      const bytes = randomBytes(size);
      const file = path.join(dir, `s${size}.bin`);
      const written = await sinkInto(file, bytes);
      expect({ size, ...written }).toEqual({ size, sha256: sha256(bytes), isDirect });
      expect((await stat(file)).size).toBe(size);
      expect((await readFile(file)).equals(bytes)).toBe(true);
    }
  });

  it('keeps files apart when several stream at the same time', async () => {
    const inputs = [randomBytes(3 * MB + 5), randomBytes(MB), randomBytes(10), randomBytes(5 * MB - 1)];
    const results = await Promise.all(inputs.map((bytes, i) => sinkInto(path.join(dir, `c${i}.bin`), bytes)));
    expect(results.map((r) => r.sha256)).toEqual(inputs.map(sha256));
    for (const [i, bytes] of inputs.entries())
      expect((await readFile(path.join(dir, `c${i}.bin`))).equals(bytes)).toBe(true);
  });

  it('touches the file no more once close resolves, with blocks still in flight', async () => {
    const file = path.join(dir, 'closed.bin');
    const fh = await open(file, 'wx+');
    const sink = new HashSink(fh.fd, { syncEveryBytes: MB, path: file });
    for (let i = 0; i < 40; i++) await sink.push(randomBytes(256 * 1024));
    await sink.close();
    const size = (await fh.stat()).size;
    await fh.close();
    expect(size).toBeLessThanOrEqual(40 * 256 * 1024);
    expect((await stat(file)).size).toBe(size);
  });

  it('reports a thread that stopped mid-file, and the next file gets a new thread', async () => {
    const file = path.join(dir, 'crashed.bin');
    const fh = await open(file, 'wx+');
    try {
      const sink = new HashSink(fh.fd, { syncEveryBytes: MB, path: file });
      await sink.push(randomBytes(600 * 1024));
      // The shared thread dies as a bug or an out-of-memory would end it.
      await (sink as unknown as { thread: { worker: Worker } }).thread.worker.terminate();
      await expect(sink.finish()).rejects.toThrow(/the hashing thread stopped/);
      await sink.close();
    } finally {
      await fh.close();
    }
    const bytes = randomBytes(MB + 1);
    expect((await sinkInto(path.join(dir, 'next.bin'), bytes)).sha256).toBe(sha256(bytes));
  });

  it('writes through the page cache where direct I/O is refused, and then for the rest of the process', async () => {
    // tmpfs refuses O_DIRECT; where there is no /dev/shm the temp folder stands in.
    const refusing = existsSync('/dev/shm') ? await tempDir('/dev/shm') : dir;
    const bytes = randomBytes(MB + 4097);
    const viaTmpfs = await sinkInto(path.join(refusing, 'shm.bin'), bytes);
    expect(viaTmpfs).toEqual({ sha256: sha256(bytes), isDirect: takesDirect(refusing) });
    expect((await readFile(path.join(refusing, 'shm.bin'))).equals(bytes)).toBe(true);
    if (viaTmpfs.isDirect) return;
    // Remembered: the next file, on a disk that would take it, is written buffered too.
    const again = await sinkInto(path.join(dir, 'after.bin'), bytes);
    expect(again).toEqual({ sha256: sha256(bytes), isDirect: false });
    expect((await readFile(path.join(dir, 'after.bin'))).equals(bytes)).toBe(true);
  });
});
