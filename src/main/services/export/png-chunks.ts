import { open } from 'node:fs/promises';
import { crc32, inflateSync } from 'node:zlib';
import { a1111Parameters } from './a1111';
import { WAN_KEYWORD, wanMetadataJson, type WanMetadata } from './wan-metadata';

// PNG text chunks: building ours (iTXt, UTF-8) and reading any (tEXt, zTXt, iTXt). Splicing them
// into an exported file is png-splice.ts's job.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);
/** PNG keywords are 1–79 bytes plus their NUL. */
const KEYWORD_SPAN = 80;
/** The PNG spec's own limit; larger means a corrupt or hostile length field. */
const MAX_CHUNK = 0x7fffffff;

export function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/** An uncompressed international text chunk: UTF-8, so a Chinese prompt survives. */
export function iTXtChunk(keyword: string, text: string): Buffer {
  const head = Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1');
  return pngChunk('iTXt', Buffer.concat([head, Buffer.from(text, 'utf8')]));
}

/** `parameters` (A1111 text, for other tools) and `wan-studio` (our JSON, for import). */
export function pngMetadataChunks(meta: WanMetadata): Buffer {
  return Buffer.concat([iTXtChunk('parameters', a1111Parameters(meta)), iTXtChunk(WAN_KEYWORD, wanMetadataJson(meta))]);
}

/** Largest text we inflate or keep, so a small compressed chunk cannot balloon in memory. */
const MAX_TEXT = 8 * 1024 * 1024;
/** A hostile file can hold millions of tiny chunks before its image data; we stop looking. */
const MAX_CHUNKS_SCANNED = 10_000;
const MAX_TEXT_TOTAL = 32 * 1024 * 1024;

/**
 * The text entries (tEXt, zTXt, iTXt) before the image data, first one per keyword. Throws only
 * when the input cannot be read or is not a PNG; a damaged entry is left out.
 */
export async function readPngText(input: Buffer | string): Promise<Record<string, string>> {
  const entries = new Map<string, string>();
  const read = typeof input === 'string' ? await fileReader(input) : bufferReader(input);
  try {
    const sig = await read(0, 8);
    if (!sig || !sig.equals(SIGNATURE)) throw new Error('Not a PNG file: the PNG signature is missing.');
    let pos = 8;
    let textBytes = 0;
    for (let scanned = 0; scanned < MAX_CHUNKS_SCANNED; scanned++) {
      const head = await read(pos, 8);
      if (!head) break;
      const length = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (type === 'IDAT' || type === 'IEND' || length > MAX_CHUNK) break;
      if (TEXT_TYPES.has(type) && length <= MAX_TEXT && textBytes + length <= MAX_TEXT_TOTAL) {
        textBytes += length;
        const data = await read(pos + 8, length);
        if (!data) break;
        const entry = decodeText(type, data);
        if (entry && !entries.has(entry[0])) entries.set(entry[0], entry[1]);
      }
      pos += 12 + length;
    }
  } finally {
    await read(-1, 0);
  }
  return Object.fromEntries(entries);
}

type Reader = (pos: number, length: number) => Promise<Buffer | null>;

function bufferReader(buf: Buffer): Reader {
  return async (pos, length) => (pos >= 0 && pos + length <= buf.length ? buf.subarray(pos, pos + length) : null);
}

/** Reads only the chunks it needs; a negative position closes the file. */
async function fileReader(path: string): Promise<Reader> {
  const fh = await open(path, 'r');
  return async (pos, length) => {
    if (pos < 0) {
      await fh.close();
      return null;
    }
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, pos);
    return bytesRead === length ? buf : null;
  };
}

function decodeText(type: string, data: Buffer): [string, string] | null {
  const nul = data.indexOf(0);
  if (nul < 1 || nul >= KEYWORD_SPAN) return null;
  const keyword = data.toString('latin1', 0, nul);
  try {
    if (type === 'tEXt') return [keyword, latin1OrUtf8(data.subarray(nul + 1))];
    if (type === 'zTXt') return [keyword, latin1OrUtf8(inflate(data.subarray(nul + 2)))];
    // iTXt: flag, method, language\0, translated keyword\0, text.
    const isCompressed = data[nul + 1] === 1;
    const langEnd = data.indexOf(0, nul + 3);
    const transEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
    if (transEnd < 0) return null;
    const body = data.subarray(transEnd + 1);
    return [keyword, (isCompressed ? inflate(body) : body).toString('utf8')];
  } catch {
    return null;
  }
}

function inflate(data: Buffer): Buffer {
  return inflateSync(data, { maxOutputLength: MAX_TEXT });
}

/**
 * tEXt is Latin-1 by the spec, but many tools (Stable Diffusion UIs among them) put UTF-8 there:
 * bytes that are valid UTF-8 with any non-ASCII in them are read as UTF-8, so 樱花 stays 樱花.
 */
function latin1OrUtf8(bytes: Buffer): string {
  if (!bytes.some((b) => b >= 0x80)) return bytes.toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
