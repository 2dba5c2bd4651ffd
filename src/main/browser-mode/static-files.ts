import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { mediaTypeOf } from '../services/library/library-files';

// Files browser mode hands out: the built renderer, and library images by their stored relative
// path. Both are confined to their folder; anything else is a plain 404 that says nothing more.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Library files are written once under their image id, so a cached copy never goes stale. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';

export function contentTypeOf(file: string): string | undefined {
  return CONTENT_TYPES[path.extname(file).toLowerCase()];
}

/**
 * The relative path a `/media/…` or static URL names, decoded one segment at a time, or undefined
 * when a segment does not decode or decodes to a separator (an encoded `/` must not split a name).
 */
export function decodeUrlPath(rawPath: string): string | undefined {
  const segments = rawPath.split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (value.includes('/') || value.includes('\\') || value.includes('\0')) return undefined;
    decoded.push(value);
  }
  return decoded.join('/');
}

/** Encodes each segment of a stored relative path for a `/media/` URL. */
export function mediaUrlFor(relPath: string): string {
  return `/media/${relPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Streams a file with a validator, answering conditional requests with 304. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  abs: string,
  headers: { contentType: string; cacheControl: string },
): Promise<void> {
  const info = await stat(abs);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const common = {
    'cache-control': headers.cacheControl,
    etag,
    'last-modified': info.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'content-type': headers.contentType, 'content-length': info.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(abs);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
}

export function mediaContentType(abs: string): string {
  return mediaTypeOf(path.basename(abs)) ?? 'application/octet-stream';
}
