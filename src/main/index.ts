import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerIpc } from './ipc/electron-ipc';
import { createInvoker } from './ipc/invoker';
import { createSenderCheck } from './platform/ipc-sender';
import { handleMediaProtocol, registerMediaScheme } from './platform/media-protocol';
import { mediaUrl } from './platform/media-url';
import { existingNativeBinding } from './platform/native-binding';
import { GATEWAY_PARTITION, gatewayFetch } from './platform/net-fetch';
import { safeStorageCipher } from './platform/safe-storage';
import { createFileSecretStore } from './platform/secret-store';
import { denyWebPermissions, installContentSecurityPolicy } from './platform/session-security';
import { applyWindowSecurity } from './platform/window-security';
import { createAppServices } from './services/app/app-services';
import { resolveLibraryHome } from './services/library/library';
import { WanError } from './services/wan-error';
import { describeError } from '../shared/errors';
import { resolveLocale } from '../shared/i18n-messages';
import type { AppHostOptions, AppServices } from './services/app/app-types';
import { startElectronLogging } from './platform/electron-logging';
import type { FileLogger } from './services/logging/file-logger';
import { createKnownSecrets } from './services/logging/redact';

// electron-vite sets this only under `electron-vite dev`; a built app always loads from disk.
const devServerUrl = process.env.ELECTRON_RENDERER_URL || undefined;
const rendererIndexPath = join(import.meta.dirname, '../renderer/index.html');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const appUrl = devServerUrl ?? pathToFileURL(rendererIndexPath).href;
/** How long quitting waits for running downloads before it goes anyway (jobs resume next start). */
const CLOSE_TIMEOUT_MS = 10_000;

let mainWindow: BrowserWindow | null = null;
let isStarted = false;
const knownSecrets = createKnownSecrets();
let logger: FileLogger;

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

  applyWindowSecurity(window.webContents, { appUrl, openExternal: (url) => shell.openExternal(url) });
  // Showing on first paint avoids a blank white frame while the renderer boots.
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });

  const loading = devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(rendererIndexPath);
  loading.catch((error: unknown) => logger.error('Could not load the Wan Studio window', { error }));
  return window;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function startServices(): AppServices {
  // The library lives in userData (~/.config/Wan Studio, %APPDATA%\Wan Studio, ~/Library/Application Support/Wan Studio)
  // unless `library.move` left a library-location.json there; keys stay in userData either way.
  const userData = app.getPath('userData');
  const home = resolveLibraryHome(undefined, process.env, userData);
  const hostOptions = {
    host: 'electron',
    home,
    version: app.getVersion(),
    systemLocale: app.getLocale(),
    secrets: createFileSecretStore({
      file: join(userData, 'secrets.json'),
      cipher: safeStorageCipher(),
      warn: (message) => logger.warn(message),
    }),
    mediaUrl,
    // Chromium's network stack: the system proxy and PAC, the OS certificate store. Its own
    // in-memory session, so the window's CSP hook and cookies stay out of gateway traffic.
    fetch: gatewayFetch(session.fromPartition(GATEWAY_PARTITION, { cache: false })),
    showInFolder: (absPath) => shell.showItemInFolder(absPath),
    // shell.openPath answers with an error message, empty on success.
    openFolder: async (absPath) => (await shell.openPath(absPath)) === '',
    pickFolder: async (purpose) => {
      const options: Electron.OpenDialogOptions = {
        properties: purpose === 'import' ? ['openDirectory'] : ['openDirectory', 'createDirectory'],
      };
      const picked = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
    // Like the CLI: a gateway and key from the environment, kept in memory only.
    envProfile:
      process.env.WAN_API_KEY && process.env.WAN_BASE_URL
        ? { baseUrl: process.env.WAN_BASE_URL, apiKey: process.env.WAN_API_KEY }
        : undefined,
    nativeBinding: existingNativeBinding(
      {
        isPackaged: app.isPackaged,
        appPath: app.getAppPath(),
        resourcesPath: process.resourcesPath,
        electronVersion: process.versions.electron,
        platform: process.platform,
        arch: process.arch,
      },
      existsSync,
    ),
    logger,
    logFiles: logger,
    knownSecrets,
  } satisfies AppHostOptions;
  const services = createAppServices(hostOptions, { defaultHome: userData });
  handleMediaProtocol(
    () => services.libraryHome(),
    (rel) => services.makeThumbnail(rel),
  );
  const isTrustedSender = createSenderCheck(appUrl, () => (mainWindow ? [mainWindow.webContents.id] : []));
  const invoke = createInvoker(services.handlers, (method, error) => logger.error(`${method} failed`, { error }));
  registerIpc(services, invoke, { isTrustedSender });
  services.resume();
  return services;
}

/** Quitting waits (once, with a time limit) for the services to finish writing and close the library. */
function closeServicesBeforeQuit(services: AppServices): void {
  let isClosing = false;
  let isClosed = false;
  app.on('before-quit', (event) => {
    if (isClosed) return;
    event.preventDefault();
    if (isClosing) return;
    isClosing = true;
    logger.info('Wan Studio quitting');
    let isTimedOut = false;
    const timeout = new Promise<void>((resolve) =>
      setTimeout(() => {
        isTimedOut = true;
        resolve();
      }, CLOSE_TIMEOUT_MS).unref(),
    );
    Promise.race([services.close(), timeout])
      .then(() =>
        logger.info(isTimedOut ? 'Wan Studio quit before its work ended (it resumes next start)' : 'Wan Studio closed'),
      )
      .catch((error: unknown) => logger.error('Wan Studio did not close cleanly', { error }))
      .finally(() => {
        isClosed = true;
        app.quit();
      });
  });
}

app.setName('Wan Studio');
// Before `ready`: Electron accepts privileged schemes only then.
registerMediaScheme();

// A second copy would fight the first over the library database and the job queue.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Only the first copy writes the log: two processes must not rotate one file.
  logger = startElectronLogging(knownSecrets);

  app.on('second-instance', focusMainWindow);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (isStarted && BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      denyWebPermissions(session.defaultSession);
      if (!devServerUrl) installContentSecurityPolicy(session.defaultSession);
      closeServicesBeforeQuit(startServices());
      mainWindow = createMainWindow();
      isStarted = true;
    })
    .catch((error: unknown) => {
      logger.error('Wan Studio could not start', { error });
      dialog.showErrorBox('Wan Studio could not start', describeStartupError(error));
      app.quit();
    });
}

function describeStartupError(error: unknown): string {
  // A damaged or read-only library: the plain sentence (what to do, which file), in the UI's language.
  if (error instanceof WanError)
    return `${describeError(error.toValue(), resolveLocale(app.getLocale()))}${error.detail ? `\n\n${error.detail}` : ''}`;
  if (!(error instanceof Error)) return String(error);
  // A WanError carries the specifics (which file, which errno) in `detail`.
  return 'detail' in error && typeof error.detail === 'string' ? `${error.message}\n\n${error.detail}` : error.message;
}
