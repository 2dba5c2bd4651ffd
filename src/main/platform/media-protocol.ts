import { protocol } from 'electron';
import type { MakeTileThumbnail } from '../services/thumbnails/tile-files';
import { serveLibraryFile } from './media-files';
import { MEDIA_SCHEME } from './media-url';

// Image bytes reach the renderer by `wan-media://library/…` URLs (see media-url.ts), never by
// file:// (which would open the whole disk to the page) and never by a remote URL.

/** Must run before the app is ready; Electron accepts this call only once. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        // fetch() from the page's origin needs CORS; the responses allow it (media-files.ts).
        corsEnabled: true,
        stream: true,
        // Not bypassCSP: the page's CSP names wan-media: explicitly in img-src and connect-src.
      },
    },
  ]);
}

/**
 * Serves library files on the default session; anything outside images/, thumbs/ and inputs/ is a 404.
 * The root is asked for on every request, so images keep loading after `library.move`.
 */
export function handleMediaProtocol(libraryRoot: () => string, makeThumbnail?: MakeTileThumbnail): void {
  protocol.handle(MEDIA_SCHEME, (request) => serveLibraryFile(libraryRoot(), request, makeThumbnail));
}
