import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NodeLogger, LevelOption, LogFile } from 'electron-log';
import { makeDirectorySync } from '../library/byte-streams';
import type { AppLogger, LogFiles, LogLevel } from './logger';
import { formatLogLine, type KnownSecrets } from './redact';

// A rotating log file on electron-log: `electron-log/main` in the Electron app, `electron-log/node`
// in browser mode and the CLI. Both are handed in, so this file imports neither.

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
/** Rotated files kept beside the current one: main.1.log (newest) … main.N.log. */
export const DEFAULT_KEPT_LOGS = 2;
/** How much of a file the diagnostics read back: plenty for 200 lines, cheap for a 5 MB file. */
const TAIL_BYTES = 256 * 1024;

export type FileLoggerOptions = {
  /** The folder, made (0700) when missing. */
  folder: string;
  fileName: string;
  secrets: KnownSecrets;
  maxBytes?: number;
  keptFiles?: number;
  /** What also goes to the console (stdout/stderr); false for nothing. */
  consoleLevel?: LogLevel | false;
};

export type FileLogger = AppLogger & LogFiles;

/**
 * Configures `base` (a fresh electron-log instance) to write `folder/fileName`, rotated at
 * `maxBytes`, every line scrubbed by a hook, so even electron-log's own calls are covered.
 */
export function createFileLogger(base: NodeLogger, options: FileLoggerOptions): FileLogger {
  const folder = path.resolve(options.folder);
  const file = path.join(folder, options.fileName);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const kept = Math.max(1, options.keptFiles ?? DEFAULT_KEPT_LOGS);
  // electron-log would make it with a recursive mkdir and default permissions.
  makeDirectorySync(folder, 0o700);

  const transport = base.transports.file;
  transport.resolvePathFn = () => file;
  transport.maxSize = maxBytes;
  // Local time with its offset: a report pasted from another time zone still lines up.
  transport.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}{z}] [{level}] {text}';
  transport.level = 'debug';
  // Lines may quote an upstream error or a file path: this user's only.
  transport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  transport.archiveLogFn = (current: LogFile) => rotate(current.path, kept);
  base.transports.console.level = (options.consoleLevel ?? false) satisfies LevelOption;
  // Never mirrored into a window (electron-log/main's ipc) or sent anywhere.
  if (base.transports.ipc) base.transports.ipc.level = false;
  if (base.transports.remote) base.transports.remote.level = false;
  base.hooks.push((message) => ({ ...message, data: [formatLogLine(message.data, options.secrets.values())] }));

  const at =
    (level: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void =>
      data === undefined ? base[level](message) : base[level](message, data);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    folder,
    file,
    recentLines: (count) => recentLines(file, kept, count),
  };
}

/** main.log → main.1.log → main.2.log …; the oldest beyond `kept` is dropped. */
export function rotate(file: string, kept: number): void {
  const numbered = (n: number): string => {
    const { dir, name, ext } = path.parse(file);
    return path.join(dir, `${name}.${n}${ext}`);
  };
  rmSync(numbered(kept), { force: true });
  for (let n = kept - 1; n >= 1; n--) if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1));
  renameSync(file, numbered(1));
}

function recentLines(file: string, kept: number, count: number): string[] {
  const { dir, name, ext } = path.parse(file);
  const files = [file, ...Array.from({ length: kept }, (_, i) => path.join(dir, `${name}.${i + 1}${ext}`))];
  let lines: string[] = [];
  for (const candidate of files) {
    lines = [...tailLines(candidate), ...lines];
    if (lines.length >= count) break;
  }
  return lines.slice(-count);
}

function tailLines(file: string): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = statSync(file).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8', 0, read).split(/\r?\n/);
    // A cut first line is a fragment; the empty string after the last newline is nothing.
    if (length < size) lines.shift();
    return lines.filter((line) => line.length > 0);
  } finally {
    closeSync(fd);
  }
}
