import { openAsBlob } from 'node:fs';
import { resolveTileFile, type MakeTileThumbnail } from '../services/thumbnails/tile-files';
import { mediaRelPath, mediaTypeOf } from './media-url';

// Answers a `wan-media:` request with a library file. No Electron imports: the protocol handler
// in media-protocol.ts only forwards to this, and tests call it with real files in plain Node.

const NOT_FOUND = 404;

export async function serveLibraryFile(
  libraryRoot: string,
  request: { url: string; method: string },
  /** Makes a missing thumbnail the request names (the tile waits for it, not for the original). */
  makeThumbnail?: MakeTileThumbnail,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const relPath = mediaRelPath(request.url);
  // A symlink placed inside images/ must not lead the renderer out of it.
  const file = relPath === undefined ? undefined : await resolveTileFile(libraryRoot, relPath, makeThumbnail);
  if (file === undefined) return plain(NOT_FOUND, 'Not found');
  try {
    const blob = await openAsBlob(file);
    return new Response(request.method === 'HEAD' ? null : blob, {
      status: 200,
      headers: {
        'Content-Type': mediaTypeOf(file) ?? 'application/octet-stream',
        'Content-Length': String(blob.size),
        'X-Content-Type-Options': 'nosniff',
        // "Copy image" reads the bytes with fetch() from the app's page (file:// or the dev
        // server), a different origin. Only this app's session has the scheme, and its pages are
        // only the app's own (navigation and new windows are refused), so `*` exposes nothing.
        'Access-Control-Allow-Origin': '*',
      },
    });
  } catch {
    return plain(NOT_FOUND, 'Not found');
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
