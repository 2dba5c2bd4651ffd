import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { denyWebPermissions, installContentSecurityPolicy } from './platform/session-security';
import { applyWindowSecurity } from './platform/window-security';

// electron-vite sets this only under `electron-vite dev`; a built app always loads from disk.
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndexPath = join(import.meta.dirname, '../renderer/index.html');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

let mainWindow: BrowserWindow | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Wan Studio',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: preloadPath,
    },
  });

  applyWindowSecurity(window.webContents, {
    appUrl: devServerUrl ?? pathToFileURL(rendererIndexPath).href,
    openExternal: (url) => shell.openExternal(url),
  });
  // Showing on first paint avoids a blank white frame while the renderer boots.
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });

  const loading = devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererIndexPath);
  loading.catch((error: unknown) => console.error('Could not load the Wan Studio window', error));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

// A second copy would fight the first over the library database and the job queue.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      denyWebPermissions(session.defaultSession);
      if (!devServerUrl) installContentSecurityPolicy(session.defaultSession);
      mainWindow = createMainWindow();
    })
    .catch((error: unknown) => {
      console.error('Wan Studio could not start', error);
      app.quit();
    });
}
