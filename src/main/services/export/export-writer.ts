import { createHash, webcrypto } from 'node:crypto';
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import type { ExportFormat } from '../../../shared/export-types';
import { writeAll } from '../library/byte-streams';
import { alignedSharedBuffer, roundUp, type DirectWrites } from './direct-io';
import type { HashThreads } from './hash-threads';
import { encodeWithMetadata, pngMetadataChunks, type WanMetadata } from './metadata';
import { PNG_HEAD_BYTES, splicePngMetadata } from './png-splice';

// Writes one exported file to its temp name, with its hash; the caller makes it durable (in a
// batch, see export-commit.ts) and only then gives it its name, so a file under its final name is
// always whole. A PNG original is read once: the same bytes are hashed (to check the original
// against its record), spliced with our chunks and written, with no second read of the source
// and no copy of its image data.

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
  /** Hashing threads (PNG to PNG); without them the main thread hashes. */
  hashes?: HashThreads;
  /** Direct writes for this export (PNG to PNG); without it, ordinary buffered writes. */
  direct?: DirectWrites;
};

/** `sourceSha256`: the original's hash, when it came from the same read (PNG to PNG). */
export type WrittenFile = { sha256: string; bytes: number; sourceSha256?: string };

/**
 * The whole original in one read, into the worker's reused buffer at `at`: the room before it is
 * where the exported file's head and our chunks go, so the file is built where it lies.
 */
async function readSource(sourcePath: string, scratch: { buffer: Buffer }, at: number): Promise<Buffer> {
  const fh = await open(sourcePath, 'r');
  try {
    const { size } = await fh.stat();
    // roundUp: a direct write sends whole blocks, reading a little past the file's end.
    if (scratch.buffer.length < roundUp(at + size)) scratch.buffer = alignedSharedBuffer(roundUp((at + size) * 1.25));
    const out = scratch.buffer.subarray(at, at + size);
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
 * PNG to PNG, the hot path: one read; the original's hash and the output's run on the hashing
 * threads while the write goes out (direct where possible), all three at once, and the main
 * thread stays free.
 */
async function pngToPng(req: WriteRequest): Promise<WrittenFile> {
  const chunks = req.meta ? pngMetadataChunks(req.meta) : Buffer.alloc(0);
  const scratch = req.scratch ?? { buffer: Buffer.alloc(0) };
  const source = await readSource(req.sourcePath, scratch, chunks.length);
  req.signal?.throwIfAborted();
  const parts = splicePngMetadata(source, chunks);
  const bytes = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const sha256 = (of: Uint8Array[]): Promise<string> =>
    req.hashes ? req.hashes.sha256(of) : Promise.resolve(hashHere(of));
  // Every slice of the scratch buffer below is unchanged until this function returns (each hash
  // and write is awaited): the buffer is reused only for the worker's next file.
  if (!isHeadInsertOnly(parts, source, chunks)) {
    // The original carries our chunks already (an export of an import): they are left out, so
    // the exported file is not one run of bytes; it goes out in slices, the ordinary way.
    const [sourceSha256, outputSha256] = await Promise.all([
      sha256([source]),
      sha256(parts),
      writeTemp(req.tempPath, parts),
    ]);
    return { sha256: outputSha256, bytes, sourceSha256 };
  }
  // The exported file is the original's head, our chunks, then the rest of the original, which
  // already sits right after the room left for them: copying the head and the chunks in front
  // makes the whole file one aligned run. The original's head is kept aside for its own hash.
  const head = Buffer.from(source.subarray(0, PNG_HEAD_BYTES));
  const rest = source.subarray(PNG_HEAD_BYTES);
  const file = scratch.buffer.subarray(0, bytes);
  head.copy(file, 0);
  chunks.copy(file, PNG_HEAD_BYTES);
  const write = async (): Promise<void> => {
    if (!(await req.direct?.write(req.tempPath, scratch.buffer, bytes))) await writeTemp(req.tempPath, [file]);
  };
  const sourceHash = sha256([head, rest]);
  // Without metadata the file is the original byte for byte: one hash serves both.
  const fileHash = chunks.length === 0 ? sourceHash : sha256([file]);
  const [sourceSha256, outputSha256] = await Promise.all([sourceHash, fileHash, write()]);
  return { sha256: outputSha256, bytes, sourceSha256 };
}

/** True when splicing only put `chunks` after IHDR (the original had none of ours to leave out). */
function isHeadInsertOnly(parts: Buffer[], source: Buffer, chunks: Buffer): boolean {
  const rest = parts[2];
  return (
    parts.length === 3 &&
    parts[1] === chunks &&
    rest !== undefined &&
    rest.byteOffset === source.byteOffset + PNG_HEAD_BYTES &&
    rest.byteLength === source.byteLength - PNG_HEAD_BYTES
  );
}

function hashHere(parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
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
