import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, statfs, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageStore, resolveInside } from '../../src/main/services/library/image-store';
import { renderPng } from '../../src/main/services/simulator/png-render';
import { WanError } from '../../src/main/services/wan-error';
import { filesUnder } from '../helpers/files';

const png = renderPng({ prompt: 'store', seed: 11, width: 640, height: 480, index: 0, total: 1 });
// 23:30 on New Year's Eve in New York is already January in UTC, which names the folder.
const createdAt = new Date('2025-12-31T23:30:00-05:00');
const DATED = 'images/2026/01';

let root: string;
let store: ImageStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'image-store-'));
  store = new ImageStore({ root });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

function webStream(chunks: Uint8Array[], failure?: Error): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk) controller.enqueue(chunk);
      else if (failure) controller.error(failure);
      else controller.close();
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

async function wanFailure(promise: Promise<unknown>): Promise<WanError> {
  const err = await failure(promise);
  if (err instanceof WanError) return err;
  throw err;
}

describe('writing downloads', () => {
  it('streams a web ReadableStream into images/YYYY/MM with its hash, size and format', async () => {
    const stored = await store.writeStream('img-web', webStream(chunksOf(png, 16_384)), {
      createdAt,
      expectedBytes: png.length,
      expected: { width: 640, height: 480 },
    });
    expect(stored).toEqual({
      relPath: `${DATED}/img-web.png`,
      absPath: path.join(root, DATED, 'img-web.png'),
      bytes: png.length,
      sha256: sha256(png),
      mime: 'image/png',
      ext: 'png',
      width: 640,
      height: 480,
    });
    expect((await readFile(stored.absPath)).equals(png)).toBe(true);
    expect(await filesUnder(root)).toEqual([`${DATED}/img-web.png`]);
  });

  it('streams a fetch body and a Node Readable of tiny chunks to identical bytes', async () => {
    const fromFetch = await store.writeStream('img-fetch', new Response(new Uint8Array(png)).body ?? webStream([]), {
      createdAt,
    });
    const fromNode = await store.writeStream('img-node', Readable.from(chunksOf(png, 200)), { createdAt });
    expect(fromNode.sha256).toBe(sha256(png));
    expect(fromFetch.sha256).toBe(sha256(png));
    expect((await readFile(fromNode.absPath)).equals(png)).toBe(true);
    expect(await filesUnder(root)).toEqual([`${DATED}/img-fetch.png`, `${DATED}/img-node.png`]);
  });

  it('names JPEG and WebP by what the bytes are, and finds the frame header past 256 KB of metadata', async () => {
    const jpeg = await sharp(png).jpeg().toBuffer();
    const app = Buffer.concat([Buffer.from([0xff, 0xe1, 0xff, 0xfd]), Buffer.alloc(65_531, 0x41)]);
    const heavy = Buffer.concat([jpeg.subarray(0, 2), app, app, app, app, app, jpeg.subarray(2)]);
    const webp = await sharp(png).webp().toBuffer();
    const a = await store.writeStream('img-jpeg', Readable.from(chunksOf(heavy, 65_536)), { createdAt });
    const b = await store.writeBuffer('img-webp', webp, { createdAt, expected: { width: 640, height: 480 } });
    expect(a).toMatchObject({ relPath: `${DATED}/img-jpeg.jpg`, mime: 'image/jpeg', width: 640, height: 480 });
    expect(b).toMatchObject({ relPath: `${DATED}/img-webp.webp`, sha256: sha256(webp), bytes: webp.length });
  });

  it('refuses a download that ends early as a retryable network error and leaves nothing', async () => {
    const half = png.subarray(0, Math.floor(png.length / 2));
    const err = await wanFailure(
      store.writeStream('img-short', webStream(chunksOf(half, 8192)), { createdAt, expectedBytes: png.length }),
    );
    expect(err.code).toBe('network');
    expect(err.isRetryable).toBe(true);
    expect(err.detail).toBe(`download ended after ${half.length} of ${png.length} bytes`);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses bytes that are not an image, early or late, and leaves nothing', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>'.repeat(50));
    const fakePng = Buffer.concat([png.subarray(0, 8), Buffer.alloc(5000, 7)]);
    for (const [id, bytes] of [
      ['img-html', html],
      ['img-fake', fakePng],
    ] as const) {
      const err = await wanFailure(store.writeStream(id, Readable.from(chunksOf(bytes, 100)), { createdAt }));
      expect(err.code).toBe('malformed_response');
      expect(err.isRetryable).toBe(false);
    }
    const viaBuffer = await wanFailure(store.writeBuffer('img-html', html, { createdAt }));
    expect(viaBuffer.code).toBe('malformed_response');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses an image of the wrong size', async () => {
    const err = await wanFailure(
      store.writeStream('img-size', webStream([png]), { createdAt, expected: { width: 480, height: 640 } }),
    );
    expect(err.code).toBe('malformed_response');
    expect(err.detail).toBe('image is 640x480, expected 480x640');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('hands back the source’s own error unchanged when it fails midway, and leaves nothing', async () => {
    const hangUp = new Error('socket hang up');
    async function* dropping(): AsyncGenerator<Uint8Array> {
      yield png.subarray(0, 1000);
      throw hangUp;
    }
    expect(await failure(store.writeStream('img-drop', dropping(), { createdAt }))).toBe(hangUp);
    const reset = new TypeError('terminated');
    expect(await failure(store.writeStream('img-reset', webStream(chunksOf(png, 4096), reset), { createdAt }))).toBe(
      reset,
    );
    expect(await filesUnder(root)).toEqual([]);
  });

  it('stops on abort even while the source is stalled, and leaves nothing', async () => {
    const controller = new AbortController();
    async function* stalled(): AsyncGenerator<Uint8Array> {
      yield png.subarray(0, 10_000);
      controller.abort();
      await new Promise(() => undefined);
    }
    const err = await failure(store.writeStream('img-abort', stalled(), { createdAt, signal: controller.signal }));
    expect(err).toBe(controller.signal.reason);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses an image id that would escape its folder before touching the disk', async () => {
    const err = await wanFailure(store.writeStream('../evil', webStream([png]), { createdAt }));
    expect(err.code).toBe('internal');
    expect(await filesUnder(root)).toEqual([]);
  });
});

describe('resuming and reading back', () => {
  it('finds a complete earlier download and ignores missing or truncated ones', async () => {
    const written = await store.writeStream('img-done', webStream([png]), { createdAt });
    expect(await store.findExisting('img-done', createdAt)).toEqual(written);
    expect(await store.findExisting('img-missing', createdAt)).toBeUndefined();
    expect(await store.findExisting('img-done', new Date('2024-06-01T00:00:00Z'))).toBeUndefined();
    await writeFile(path.join(root, DATED, 'img-cut.png'), png.subarray(0, png.length - 20));
    expect(await store.findExisting('img-cut', createdAt)).toBeUndefined();
  });

  it('confines paths to the library', () => {
    for (const bad of ['../x', '/etc/passwd', 'images/../../x', 'images/a\0b.png', '', 'images/..', '..\\x']) {
      expect(resolveInside(root, bad)).toBeUndefined();
      expect(() => store.absolute(bad)).toThrow(WanError);
    }
    expect(store.absolute('images/2026/01/a.png')).toBe(path.join(root, 'images', '2026', '01', 'a.png'));
  });

  it('removes a stored file, tolerates a missing one, and refuses paths outside', async () => {
    const stored = await store.writeBuffer('img-gone', png, { createdAt });
    await store.remove(stored.relPath);
    await store.remove(stored.relPath);
    expect(await filesUnder(root)).toEqual([]);
    expect((await wanFailure(store.remove('../outside.txt'))).code).toBe('internal');
  });

  it('makes its folders again when someone deleted them between writes', async () => {
    await store.writeBuffer('img-first', png, { createdAt });
    await rm(path.join(root, 'images'), { recursive: true });
    await rm(path.join(root, 'tmp'), { recursive: true });
    const again = await store.writeStream('img-again', webStream([png]), { createdAt });
    expect((await readFile(again.absPath)).equals(png)).toBe(true);
    expect(await filesUnder(root)).toEqual([`${DATED}/img-again.png`]);
  });

  it('sweeps only .part files older than the cut-off', async () => {
    const tmp = path.join(root, 'tmp');
    await mkdir(tmp, { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of ['dead.abc.part', 'live.def.part', 'notes.txt']) await writeFile(path.join(tmp, name), 'x');
    await utimes(path.join(tmp, 'dead.abc.part'), twoHoursAgo, twoHoursAgo);
    await utimes(path.join(tmp, 'notes.txt'), twoHoursAgo, twoHoursAgo);
    expect(await store.sweepTemp()).toBe(1);
    expect(await filesUnder(tmp)).toEqual(['live.def.part', 'notes.txt']);
    expect(await store.sweepTemp(0)).toBe(1);
    expect(await filesUnder(tmp)).toEqual(['notes.txt']);
  });
});

describe('thumbnails', () => {
  it('are WebP, 512 px on the long side, never upscaled', async () => {
    const big = renderPng({ prompt: 'thumb', seed: 1, width: 2048, height: 1024, index: 0, total: 1 });
    const small = renderPng({ prompt: 'thumb', seed: 2, width: 300, height: 200, index: 0, total: 1 });
    const bigStored = await store.writeBuffer('img-big', big, { createdAt });
    const smallStored = await store.writeBuffer('img-small', small, { createdAt });
    const bigThumb = await store.makeThumbnail(bigStored.relPath, 'img-big', createdAt);
    const smallThumb = await store.makeThumbnail(smallStored.relPath, 'img-small', createdAt);
    expect(bigThumb).toBe('thumbs/2026/01/img-big.webp');
    const bigMeta = await sharp(store.absolute(bigThumb)).metadata();
    const smallMeta = await sharp(store.absolute(smallThumb)).metadata();
    expect([bigMeta.format, bigMeta.width, bigMeta.height]).toEqual(['webp', 512, 256]);
    expect([smallMeta.format, smallMeta.width, smallMeta.height]).toEqual(['webp', 300, 200]);
    expect(await filesUnder(path.join(root, 'tmp'))).toEqual([]);
  });

  it('report a missing source as a disk error and undecodable bytes as internal', async () => {
    const missing = await wanFailure(store.makeThumbnail(`${DATED}/nope.png`, 'nope', createdAt));
    expect(missing.code).toBe('disk');
    expect(missing.detail).toBe(`ENOENT: ${DATED}/nope.png`);
    await mkdir(path.join(root, DATED), { recursive: true });
    await writeFile(path.join(root, DATED, 'junk.png'), 'not a picture');
    const junk = await wanFailure(store.makeThumbnail(`${DATED}/junk.png`, 'junk', createdAt));
    expect(junk.code).toBe('internal');
  });
});

describe('a disk that refuses writes', () => {
  const mounted: string[] = [];

  afterAll(() => {
    for (const dir of mounted) execFileSync('umount', [dir], { stdio: 'ignore' });
  });

  function mountTinyTmpfs(dir: string): boolean {
    if (process.getuid?.() !== 0) return false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      return false;
    }
    mounted.push(dir);
    return true;
  }

  function unmount(dir: string): void {
    execFileSync('umount', [dir], { stdio: 'ignore' });
    mounted.splice(mounted.indexOf(dir), 1);
  }

  /** A library folder under a plain file: mkdir fails with ENOTDIR even for root. */
  async function expectNotADirectoryRefused(): Promise<void> {
    const file = path.join(root, 'plain-file');
    await writeFile(file, 'x');
    const blocked = new ImageStore({ root: path.join(file, 'lib') });
    // Started one at a time, so neither rejects before its failure is awaited.
    for (const attempt of [
      () => blocked.writeStream('img-blocked', webStream([png]), { createdAt }),
      () => blocked.writeBuffer('img-blocked', png, { createdAt }),
    ]) {
      const err = await wanFailure(attempt());
      expect(err.code).toBe('disk');
      expect(err.detail).toMatch(/^ENOTDIR: /);
    }
    expect(await filesUnder(root)).toEqual(['plain-file']);
  }

  it('turns ENOSPC and EROFS into disk errors and leaves no partial file', async () => {
    const dir = path.join(root, 'mnt');
    await mkdir(dir);
    const isMounted = mountTinyTmpfs(dir);
    if (!isMounted) {
      await expectNotADirectoryRefused();
      return;
    }
    try {
      const small = new ImageStore({ root: dir });
      const { bavail, bsize } = await statfs(dir);
      await writeFile(path.join(dir, 'filler'), Buffer.alloc(bavail * bsize - 50 * 1024));
      const big = renderPng({ prompt: 'full', seed: 5, width: 4096, height: 4096, index: 0, total: 1 });
      expect(big.length).toBeGreaterThan(200_000);
      const full = await wanFailure(
        small.writeStream('img-full', new Response(new Uint8Array(big)).body ?? webStream([]), { createdAt }),
      );
      // A full disk names the library folder (and, for a stream, the bytes it needed).
      expect(full).toMatchObject({ code: 'disk_full', path: dir });
      expect(full.detail).toMatch(/^ENOSPC: tmp\/img-full\.\d+-[0-9a-f]+\.part$/);
      expect(await filesUnder(dir)).toEqual(['filler']);

      execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' });
      const readOnly = await wanFailure(small.writeStream('img-ro', webStream([png]), { createdAt }));
      expect(readOnly).toMatchObject({ code: 'read_only', path: dir });
      expect(readOnly.detail).toContain('EROFS');
      expect(await filesUnder(dir)).toEqual(['filler']);
    } finally {
      unmount(dir);
    }
  });

  it('turns a library folder that cannot be created into a disk error', async () => {
    await expectNotADirectoryRefused();
  });
});
