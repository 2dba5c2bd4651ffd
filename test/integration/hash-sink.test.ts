import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HashSink } from '../../src/main/services/library/hash-sink';
import { ImageStore } from '../../src/main/services/library/image-store';
import { renderPng } from '../../src/main/services/simulator/png-render';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hash-sink-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes `chunks` through a sink into a new file; returns the sink's hash. */
async function sinkInto(file: string, chunks: Uint8Array[], isOwned: boolean): Promise<string> {
  const fh = await open(file, 'wx');
  try {
    const sink = new HashSink(fh.fd, { syncEveryBytes: 64 * 1024 });
    for (const chunk of chunks) await sink.push(chunk, isOwned);
    return await sink.finish();
  } finally {
    await fh.close();
  }
}

describe('the hashing thread', () => {
  it('writes every chunk in order and hashes exactly the bytes written', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const chunks: Uint8Array[] = [];
    // Uneven chunk sizes, from 1 byte to more than a batch, as a network gives them.
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = [1, 700, 65_536, 300_000, 4096][k % 5]!;
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const file = path.join(dir, 'a.bin');
    expect(await sinkInto(file, chunks, false)).toBe(sha256(bytes));
    expect(sha256(await readFile(file))).toBe(sha256(bytes));
    // Not owned: the caller's memory is left as it was.
    expect(bytes.buffer.byteLength).toBeGreaterThan(0);
    expect(chunks.every((c) => c.byteLength > 0)).toBe(true);
  });

  it('moves only chunks that own their whole buffer, and copies views into shared memory', async () => {
    const whole = new Uint8Array(randomBytes(200_000));
    const parent = randomBytes(100_000);
    const view = parent.subarray(10, 50_000);
    const small = Buffer.from('a pooled buffer');
    const expected = sha256(Buffer.concat([whole, view, small]));
    const copyOfWhole = Buffer.from(whole);
    const file = path.join(dir, 'b.bin');
    expect(await sinkInto(file, [whole, view, small], true)).toBe(expected);
    // The owned chunk moved to the thread (detached here); the view and the pooled one stayed.
    expect(whole.byteLength).toBe(0);
    expect(view.byteLength).toBe(49_990);
    expect(small.toString()).toBe('a pooled buffer');
    expect(sha256(await readFile(file))).toBe(sha256(Buffer.concat([copyOfWhole, view, small])));
  });

  it('keeps several files apart when they stream at the same time', async () => {
    const inputs = [randomBytes(900_000), randomBytes(1_500_000), randomBytes(10)];
    const hashes = await Promise.all(
      inputs.map((bytes, i) =>
        sinkInto(
          path.join(dir, `c${i}.bin`),
          Array.from({ length: Math.ceil(bytes.length / 32_768) }, (_, k) =>
            bytes.subarray(k * 32_768, (k + 1) * 32_768),
          ),
          false,
        ),
      ),
    );
    expect(hashes).toEqual(inputs.map(sha256));
    for (const [i, bytes] of inputs.entries())
      expect((await readFile(path.join(dir, `c${i}.bin`))).equals(bytes)).toBe(true);
  });

  it('touches the file no more once close resolves, so it can be closed and removed', async () => {
    const file = path.join(dir, 'd.bin');
    const fh = await open(file, 'wx');
    const sink = new HashSink(fh.fd, { syncEveryBytes: 64 * 1024 });
    for (let i = 0; i < 40; i++) await sink.push(randomBytes(256 * 1024));
    await sink.close();
    const size = (await fh.stat()).size;
    await fh.close();
    // Everything handed over before close is written or dropped, nothing comes after it.
    expect(size).toBeLessThanOrEqual(40 * 256 * 1024);
    expect((await stat(file)).size).toBe(size);
    await rm(file);
  });

  it('reports a failed write as a system error from the next call, and writes nothing more', async () => {
    const file = path.join(dir, 'e.bin');
    await writeFile(file, '');
    // Opened for reading only: every write fails with EBADF, as ENOSPC or EIO would.
    const fh = await open(file, 'r');
    try {
      const sink = new HashSink(fh.fd, { syncEveryBytes: 64 * 1024 });
      const err = await (async () => {
        for (let i = 0; i < 4; i++) await sink.push(randomBytes(300 * 1024));
        return sink.finish();
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'EBADF', syscall: 'write' });
      await sink.close();
    } finally {
      await fh.close();
    }
    expect((await stat(file)).size).toBe(0);
  });
});

describe('a download stored through the thread', () => {
  it('records the same hash and bytes as the source, with the chunks moved uncopied', async () => {
    const png = renderPng({ prompt: 'sink', seed: 3, width: 1024, height: 1024, index: 0, total: 1 });
    const store = new ImageStore({ root: dir });
    const body = new Response(new Uint8Array(png)).body!;
    const stored = await store.writeStream('img-owned', body, { createdAt: new Date(), isSourceOwned: true });
    expect(stored.sha256).toBe(sha256(png));
    expect((await readFile(stored.absPath)).equals(png)).toBe(true);
  });
});
