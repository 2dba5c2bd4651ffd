import { formatLogLine, type KnownSecrets } from './redact';

// The app's logging seam. Services take this small interface, never electron-log itself, so they
// stay free of Electron and tests can hand them a logger of their own.

export type LogData = Record<string, unknown>;
export type LogFn = (message: string, data?: LogData) => void;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type AppLogger = Record<LogLevel, LogFn>;

/**
 * What a service accepts: `warn` is required and the other levels are optional, so the
 * `{ warn }` loggers written before the full interface existed keep working unchanged.
 */
export type ServiceLogger = Pick<AppLogger, 'warn'> & Partial<AppLogger>;

/** The log files behind a logger: for "Open logs folder" and the diagnostics' last lines. */
export type LogFiles = {
  folder: string;
  file: string;
  /** The newest `count` lines, oldest first (reaching into the rotated file when needed). */
  recentLines: (count: number) => string[];
};

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export const silentLogger: AppLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Every line goes to each of the loggers. */
export function teeLogger(...loggers: readonly (AppLogger | undefined)[]): AppLogger {
  const live = loggers.filter((logger): logger is AppLogger => logger !== undefined);
  const at =
    (level: LogLevel): LogFn =>
    (message, data) => {
      for (const logger of live) logger[level](message, data);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Any service logger as a full one: the levels it lacks are dropped. */
export function fullLogger(logger: ServiceLogger | undefined): AppLogger {
  if (!logger) return silentLogger;
  return {
    debug: (m, d) => logger.debug?.(m, d),
    info: (m, d) => logger.info?.(m, d),
    warn: (m, d) => logger.warn(m, d),
    error: (m, d) => (logger.error ? logger.error(m, d) : logger.warn(m, d)),
  };
}

/**
 * Lines at `level` and above, scrubbed like the file's, written by `write` (the CLI's stderr):
 * `warning: <message> {data}` as the CLI always printed them.
 */
export function streamLogger(
  write: (line: string) => void,
  options: { level: LogLevel; secrets: KnownSecrets },
): AppLogger {
  const threshold = LOG_LEVELS.indexOf(options.level);
  const at =
    (level: LogLevel): LogFn =>
    (message, data) => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const prefix = level === 'warn' ? 'warning' : level;
      write(`${prefix}: ${formatLogLine([message, ...(data ? [data] : [])], options.secrets.values())}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
