import { webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import type { ExportFormat } from '../../../shared/export-types';
import { writeAll } from '../library/byte-streams';
import { encodeWithMetadata, pngMetadataChunks, type WanMetadata } from './metadata';
import { PNG_HEAD_BYTES, hasOwnTextChunks, splicePngMetadata } from './png-splice';

// Writes one exported file to its temp name, with its hash; the caller renames it into place, so
// a file under its final name is always whole. The file is not fsynced: an export is a copy the
// library can make again, and (like cp or rsync) it leaves flushing to the OS; atomicity is what
// keeps a killed export from leaving half a file.

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

export type WrittenFile = { sha256: string; bytes: number };

/**
 * A PNG original with our chunks after IHDR, in one buffer and one read: the file is read
 * straight into place behind the chunks, so no image byte is copied in memory.
 */
async function pngWithChunks(sourcePath: string, chunks: Buffer, scratch?: { buffer: Buffer }): Promise<Buffer> {
  const fh = await open(sourcePath, 'r');
  let out: Buffer;
  try {
    const { size } = await fh.stat();
    const needed = size + chunks.length;
    if (scratch && scratch.buffer.length < needed) scratch.buffer = Buffer.allocUnsafe(Math.ceil(needed * 1.25));
    out = scratch ? scratch.buffer.subarray(0, needed) : Buffer.allocUnsafe(needed);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await fh.read(out, chunks.length + read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read !== size) throw new Error(`the library's file changed while it was read (${read} of ${size} bytes)`);
  } finally {
    await fh.close();
  }
  const source = out.subarray(chunks.length);
  // Rare: a file that already carries our chunks (it was imported from an export) is rebuilt.
  if (hasOwnTextChunks(source)) return Buffer.concat(splicePngMetadata(Buffer.from(source), chunks));
  splicePngMetadata(source, chunks); // checks the signature, IHDR and chunk lengths
  source.copy(out, 0, 0, PNG_HEAD_BYTES);
  chunks.copy(out, PNG_HEAD_BYTES);
  return out;
}

async function exportBytes(req: WriteRequest): Promise<Buffer> {
  if (req.format !== 'png') return encodeWithMetadata(req.sourcePath, req.format, req.quality, req.meta);
  if (req.sourceMime !== 'image/png') {
    const png = await sharp(req.sourcePath).keepIccProfile().png().toBuffer();
    return req.meta ? Buffer.concat(splicePngMetadata(png, pngMetadataChunks(req.meta))) : png;
  }
  return pngWithChunks(req.sourcePath, req.meta ? pngMetadataChunks(req.meta) : Buffer.alloc(0), req.scratch);
}

export async function writeExportFile(req: WriteRequest): Promise<WrittenFile> {
  req.signal?.throwIfAborted();
  const bytes = await exportBytes(req);
  req.signal?.throwIfAborted();
  // 'w': a temp file left by a killed run is simply replaced. The hash runs on the thread pool
  // (WebCrypto), alongside the write, instead of holding the main thread.
  const fh = await open(req.tempPath, 'w');
  let digest: ArrayBuffer;
  try {
    [digest] = await Promise.all([webcrypto.subtle.digest('SHA-256', bytes), writeAll(fh, [bytes])]);
  } finally {
    await fh.close();
  }
  return { sha256: Buffer.from(digest).toString('hex'), bytes: bytes.byteLength };
}
