// How library files are addressed in the Electron app: `wan-media://library/<rel path>`. Pure, so
// the mapping is unit-tested in plain Node; media-protocol.ts serves what it maps.

import { SERVED_FOLDERS, mediaTypeOf } from '../services/library/library-files';

export { mediaTypeOf };

export const MEDIA_SCHEME = 'wan-media';
const PREFIX = `${MEDIA_SCHEME}://library/`;

/** The URL the renderer loads a library file from, each path segment percent-encoded. */
export function mediaUrl(relPath: string): string {
  return PREFIX + relPath.split('/').map(encodeURIComponent).join('/');
}

/**
 * The library-relative path a `wan-media:` URL names, or undefined for anything else: another
 * host, a port or credentials, a folder other than images/, thumbs/ or inputs/, a file that is not an image,
 * and every spelling of a way out (`..`, `%2e%2e`, backslashes, `%2f`, NUL, absolute or drive paths).
 * Chromium normalises dot segments before the handler sees the URL; this refuses them anyway, so
 * the guard does not depend on who parsed the URL first.
 */
export function mediaRelPath(url: string): string | undefined {
  if (url.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return undefined;
  const path = url.slice(PREFIX.length).split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    const segment = decodeSegment(raw);
    if (segment === undefined || !isPlainSegment(segment)) return undefined;
    segments.push(segment);
  }
  const [folder] = segments;
  if (segments.length < 2 || folder === undefined || !SERVED_FOLDERS.has(folder)) return undefined;
  if (mediaTypeOf(segments[segments.length - 1] ?? '') === undefined) return undefined;
  return segments.join('/');
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined; // malformed escapes such as `%E4%B8` or `%zz`
  }
}

function isPlainSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return false;
  // Separators of any OS, drive letters and NTFS streams (`:`), and control characters incl. NUL.
  // eslint-disable-next-line no-control-regex
  return !/[/\\:\u0000-\u001f\u007f]/.test(segment);
}
