import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectWrites, alignedSharedBuffer } from '../../src/main/services/export/direct-io';
import { writeExportFile, type WriteRequest } from '../../src/main/services/export/export-writer';
import { HashThreads } from '../../src/main/services/export/hash-threads';
import { iTXtChunk, pngMetadataChunks, readPngText } from '../../src/main/services/export/png-chunks';
import { splicePngMetadata } from '../../src/main/services/export/png-splice';
import { wanMetadataFor } from '../../src/main/services/export/wan-metadata';
import { renderPng } from '../../src/main/services/simulator/png-render';
import type { GenerationRecord, ImageRecord } from '../../src/shared/library-types';
import { tempDir } from '../helpers/library';

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const generation = {
  id: 'gen_01HZX9',
  createdAt: Date.UTC(2026, 10, 24, 1, 2, 3),
  updatedAt: Date.UTC(2026, 10, 24, 1, 3, 0),
  status: 'done',
  model: 'wan2.7-image-pro',
  prompt: '江南水乡, 清晨的薄雾中, watercolour',
  size: '1024x1024',
  n: 1,
  seed: 4242,
  parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
  mode: 'async',
  providerProfile: 'p',
  baseUrl: 'https://example.invalid',
  taskId: null,
  progress: 1,
  revisedPrompts: [],
  usage: null,
  error: null,
  submittedAt: null,
  finishedAt: null,
  rerunOf: null,
} as unknown as GenerationRecord;

const image = {
  id: 'img_01HZXA',
  generationId: generation.id,
  index: 0,
  path: 'images/x.png',
  mime: 'image/png',
  width: 640,
  height: 480,
  bytes: 1,
  sha256: 'a'.repeat(64),
  thumbPath: null,
  isFavorite: false,
  createdAt: generation.createdAt,
  deletedAt: null,
} as unknown as ImageRecord;

const meta = wanMetadataFor(generation, image);
const chunks = pngMetadataChunks(meta);
// Sizes that are no multiple of a disk block, so the last block of a direct write is cut back.
const big = renderPng({ prompt: 'big', seed: 1, width: 640, height: 480, index: 0, total: 1 });
const small = renderPng({ prompt: 'small', seed: 2, width: 64, height: 48, index: 0, total: 1 });

let dir = '';
let removeDir = (): void => undefined;
const hashes = new HashThreads(2);
beforeEach(() => {
  ({ path: dir, remove: removeDir } = tempDir('wan-export-writer-'));
});
afterEach(() => {
  removeDir();
});
afterAll(async () => {
  await hashes.close();
});

async function exportPng(
  source: Buffer,
  name: string,
  extra: Partial<WriteRequest>,
): Promise<{ written: Awaited<ReturnType<typeof writeExportFile>>; file: Buffer }> {
  const sourcePath = path.join(dir, `${name}.source.png`);
  await writeFile(sourcePath, source);
  const tempPath = path.join(dir, `${name}.part`);
  const written = await writeExportFile({
    sourcePath,
    sourceMime: 'image/png',
    tempPath,
    format: 'png',
    quality: 90,
    meta,
    ...extra,
  });
  return { written, file: await readFile(tempPath) };
}

describe('export writer, PNG to PNG', () => {
  it('writes the original with our chunks after IHDR and both hashes, direct or not, on threads or not', async () => {
    const expected = Buffer.concat(splicePngMetadata(big, chunks));
    for (const [k, extra] of [
      { direct: new DirectWrites(true), hashes },
      { direct: new DirectWrites(false), hashes },
      { direct: new DirectWrites(true) },
      {},
    ].entries()) {
      const { written, file } = await exportPng(big, `case${k}`, { ...extra, scratch: { buffer: Buffer.alloc(0) } });
      expect(file.equals(expected)).toBe(true);
      expect(written).toEqual({ sha256: sha(expected), bytes: expected.length, sourceSha256: sha(big) });
      expect((await readPngText(file)).parameters).toContain('江南水乡');
    }
  });

  it('reuses one buffer for files of any size, leaving nothing of the last file behind', async () => {
    const scratch = { buffer: Buffer.alloc(0) };
    const direct = new DirectWrites(true);
    for (const [k, source] of [big, small, big, small].entries()) {
      const { written, file } = await exportPng(source, `file${k}`, { scratch, direct, hashes });
      const expected = Buffer.concat(splicePngMetadata(source, chunks));
      expect(file.equals(expected)).toBe(true);
      expect(written.sha256).toBe(sha(expected));
      expect(written.sourceSha256).toBe(sha(source));
    }
  });

  it('without metadata writes the original byte for byte, its one hash serving both', async () => {
    const { written, file } = await exportPng(big, 'plain', { meta: null, hashes, direct: new DirectWrites(true) });
    expect(file.equals(big)).toBe(true);
    expect(written).toEqual({ sha256: sha(big), bytes: big.length, sourceSha256: sha(big) });
  });

  it('replaces the chunks of an original that already carries ours, and hashes the original as it was', async () => {
    const old = iTXtChunk('parameters', 'old prompt');
    const withOld = Buffer.concat([big.subarray(0, 33), old, big.subarray(33)]);
    const { written, file } = await exportPng(withOld, 'again', { hashes, direct: new DirectWrites(true) });
    const expected = Buffer.concat(splicePngMetadata(withOld, chunks));
    expect(file.equals(expected)).toBe(true);
    expect(written).toEqual({ sha256: sha(expected), bytes: expected.length, sourceSha256: sha(withOld) });
    expect((await readPngText(file)).parameters).not.toContain('old prompt');
  });
});

describe('direct writes', () => {
  it('writes exactly the bytes asked for, or says it did not and stops trying', async () => {
    const memory = alignedSharedBuffer(3 * 4096);
    randomBytes(memory.length).copy(memory);
    const direct = new DirectWrites(true);
    const file = path.join(dir, 'direct.bin');
    if (await direct.write(file, memory, 5000))
      expect((await readFile(file)).equals(memory.subarray(0, 5000))).toBe(true);
    else expect(direct.isAvailable).toBe(false);
    // Memory one byte off a block boundary: a kernel that checks alignment refuses it (EINVAL).
    const skewed = memory.subarray(1);
    if (await direct.write(file, skewed, 4096))
      expect((await readFile(file)).equals(skewed.subarray(0, 4096))).toBe(true);
    else expect(direct.isAvailable).toBe(false);
    expect(await new DirectWrites(false).write(file, memory, 10)).toBe(false);
  });
});

describe('hashing threads', () => {
  it('hashes shared and ordinary parts as the main thread would, and still answers once closed', async () => {
    const shared = alignedSharedBuffer(1 << 20);
    randomBytes(shared.length).copy(shared);
    const head = Buffer.from('head');
    const expected = sha(Buffer.concat([head, shared]));
    const threads = new HashThreads(2);
    expect(await threads.sha256([head, shared])).toBe(expected);
    const pending = threads.sha256([head, shared]);
    await threads.close();
    expect(await pending).toBe(expected);
    expect(await threads.sha256([head, shared])).toBe(expected);
  });
});
