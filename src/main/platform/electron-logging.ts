import { app, ipcMain } from 'electron';
import electronLog from 'electron-log/main';
import { createFileLogger, type FileLogger } from '../services/logging/file-logger';
import { logProcessErrors } from '../services/logging/process-log';
import type { KnownSecrets } from '../services/logging/redact';

/**
 * main.log in the OS's logs folder (~/Library/Logs/Wan Studio, %APPDATA%\Wan Studio\logs,
 * ~/.config/Wan Studio/logs), rotated at 5 MB, every line scrubbed of the keys in `secrets`;
 * uncaught errors are logged too. Call once, in the single instance that owns the library.
 */
export function startElectronLogging(secrets: KnownSecrets): FileLogger {
  // electron-log/main listens for its renderer API on import; no page of ours uses it, and every
  // IPC channel main answers is one the preload knows.
  ipcMain.removeAllListeners('__ELECTRON_LOG__');
  ipcMain.removeHandler('__ELECTRON_LOG__');
  const logger = createFileLogger(electronLog, {
    folder: app.getPath('logs'),
    fileName: 'main.log',
    secrets,
    consoleLevel: app.isPackaged ? 'warn' : 'info',
  });
  logProcessErrors(logger);
  logger.info('Wan Studio starting', {
    version: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    isPackaged: app.isPackaged,
  });
  return logger;
}
