import type { Session } from 'electron';

// Must say the same as the <meta> policy in src/renderer/index.html. Both on purpose (Electron's
// security checklist): the header covers whatever the session serves, the meta tag travels with
// the page however it is loaded. wan-media: is the library's own protocol (platform/media-url.ts):
// img-src for the gallery, connect-src for "Copy image", which fetches the bytes.
// style-src has no 'unsafe-inline': the renderer's styles are built .css files, and React's
// `style={…}` props set properties through the CSSOM, which a CSP does not govern (only <style>
// elements and style="" attributes in markup are). The dev server injects <style> elements, so
// electron.vite.config.ts relaxes the meta tag while serving (and this header is not installed then).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: wan-media:",
  "connect-src 'self' wan-media:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Not for the dev server: its React refresh preamble is an inline script. */
export function installContentSecurityPolicy(target: Session): void {
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** The app needs no web permissions (camera, notifications, …); a later feature that does should allow it by name. */
export function denyWebPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}
