import { createHash, webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import type { ExportFormat } from '../../../shared/export-types';
import { writeAll } from '../library/byte-streams';
import { encodeWithMetadata, pngMetadataChunks, type WanMetadata } from './metadata';
import { splicePngMetadata } from './png-splice';

// Writes one exported file to its temp name, with its hash; the caller makes it durable (in a
// batch, see export-commit.ts) and only then gives it its name, so a file under its final name is
// always whole. A PNG original is read once: the same bytes are hashed (to check the original
// against its record), spliced with our chunks and written, with no second read of the source.

export type WriteRequest = {
  sourcePath: string;
  sourceMime: string;
  tempPath: string;
  format: ExportFormat;
  quality: number;
  /** Null when the person switched metadata off. */
  meta: WanMetadata | null;
  signal?: AbortSignal;
  /**
   * A buffer this writer may reuse between files (one per worker). Fresh multi-MB buffers cost a
   * page fault per 4 KiB on every file; a reused one is already mapped.
   */
  scratch?: { buffer: Buffer };
};

/** `sourceSha256`: the original's hash, when it came from the same read (PNG to PNG). */
export type WrittenFile = { sha256: string; bytes: number; sourceSha256?: string };

/** The whole original in one read, into the worker's reused buffer. */
async function readSource(sourcePath: string, scratch?: { buffer: Buffer }): Promise<Buffer> {
  const fh = await open(sourcePath, 'r');
  try {
    const { size } = await fh.stat();
    if (scratch && scratch.buffer.length < size) scratch.buffer = Buffer.allocUnsafe(Math.ceil(size * 1.25));
    const out = scratch ? scratch.buffer.subarray(0, size) : Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await fh.read(out, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read !== size) throw new Error(`the library's file changed while it was read (${read} of ${size} bytes)`);
    return out;
  } finally {
    await fh.close();
  }
}

/** Writes `parts` to a fresh temp file ('w': one left by a killed run is simply replaced). */
async function writeTemp(tempPath: string, parts: Uint8Array[]): Promise<void> {
  const fh = await open(tempPath, 'w');
  try {
    await writeAll(
      fh,
      parts.filter((p) => p.byteLength > 0),
    );
  } finally {
    await fh.close();
  }
}

/**
 * PNG to PNG, the hot path: one read; the original's hash runs on the thread pool (WebCrypto)
 * while the main thread hashes the output slices and the write goes out, all at once.
 */
async function pngToPng(req: WriteRequest): Promise<WrittenFile> {
  const source = await readSource(req.sourcePath, req.scratch);
  req.signal?.throwIfAborted();
  // Slices of `source`, which is not changed until this function has returned (and the digest
  // below is awaited before then): the scratch buffer is reused only for the worker's next file.
  const parts = splicePngMetadata(source, req.meta ? pngMetadataChunks(req.meta) : Buffer.alloc(0));
  const sourceDigest = webcrypto.subtle.digest('SHA-256', source);
  const writing = writeTemp(req.tempPath, parts);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const part of parts) {
    hash.update(part);
    bytes += part.byteLength;
  }
  const [digest] = await Promise.all([sourceDigest, writing]);
  return { sha256: hash.digest('hex'), bytes, sourceSha256: Buffer.from(digest).toString('hex') };
}

async function encodedBytes(req: WriteRequest): Promise<Buffer> {
  if (req.format !== 'png') return encodeWithMetadata(req.sourcePath, req.format, req.quality, req.meta);
  const png = await sharp(req.sourcePath).keepIccProfile().png().toBuffer();
  return req.meta ? Buffer.concat(splicePngMetadata(png, pngMetadataChunks(req.meta))) : png;
}

export async function writeExportFile(req: WriteRequest): Promise<WrittenFile> {
  req.signal?.throwIfAborted();
  if (req.format === 'png' && req.sourceMime === 'image/png') return pngToPng(req);
  const bytes = await encodedBytes(req);
  req.signal?.throwIfAborted();
  // The hash runs on the thread pool (WebCrypto), alongside the write.
  const [digest] = await Promise.all([webcrypto.subtle.digest('SHA-256', bytes), writeTemp(req.tempPath, [bytes])]);
  return { sha256: Buffer.from(digest).toString('hex'), bytes: bytes.byteLength };
}
