import type { WebContents } from 'electron';

// Only type imports from electron, so the guards can be unit-tested in plain Node.

/** The only URLs handed to the operating system: https, with a host. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.hostname !== '';
}

/**
 * Whether `url` is the app's own page. A file:// app must match the exact file (another local
 * file is not the app); a dev-server app matches by origin.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url);
  const app = parseUrl(appUrl);
  if (target === null || app === null) return false;
  if (app.protocol === 'file:') {
    // The host too: on Windows `file://server/share/…` with the same path is another machine's file.
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname;
  }
  return target.origin === app.origin;
}

export type WindowSecurityOptions = {
  /** The URL the window loads: the dev server, or the built index.html as a file:// URL. */
  appUrl: string;
  openExternal: (url: string) => Promise<void>;
};

/** The window never leaves the app: navigation elsewhere is cancelled, new windows and webviews are refused. */
export function applyWindowSecurity(contents: WebContents, { appUrl, openExternal }: WindowSecurityOptions): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      openExternal(url).catch((error: unknown) => console.error('Could not open an external link', error));
    }
    return { action: 'deny' };
  });
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
