import type { AppLogger } from './logger';

// Errors nobody caught, written to the log before the process deals with them as it always has.

/**
 * `uncaughtExceptionMonitor` observes without changing what happens next (Electron shows its
 * dialog, Node exits). An unhandled rejection is logged and the process carries on, as Electron's
 * main process always did; in plain Node that replaces the default crash with a logged error.
 */
export function logProcessErrors(logger: AppLogger, target: NodeJS.Process = process): () => void {
  const onException = (error: Error, origin: string): void => logger.error('uncaught exception', { origin, error });
  const onRejection = (reason: unknown): void => logger.error('unhandled promise rejection', { reason });
  target.on('uncaughtExceptionMonitor', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtExceptionMonitor', onException);
    target.off('unhandledRejection', onRejection);
  };
}
