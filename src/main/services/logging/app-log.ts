import type { EventName, EventPayload } from '../../../shared/contract';
import type { AppLogger } from './logger';

// What the app's events and long tasks say in the log: ids, states, counts and error codes, never
// a prompt or a key. One place, so every host (the app, browser mode, the CLI) logs the same.

type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** A job's state changes and an export's end; progress ticks are left out (too many, too little). */
export function logAppEvent(logger: AppLogger, event: AnyEvent): void {
  switch (event.name) {
    case 'generation.queued':
      return logger.info('job queued', { id: event.payload.generationId });
    case 'generation.waiting': {
      const { reason, nextTryAt, deadlineAt } = event.payload.waiting;
      // One line per throttled try, not per second of waiting for a slot.
      if (reason === 'slot') return;
      return logger.info('job waiting its turn', {
        id: event.payload.generationId,
        reason,
        nextTryAt: new Date(nextTryAt).toISOString(),
        deadlineAt: new Date(deadlineAt).toISOString(),
      });
    }
    case 'generation.submitted':
      return logger.info('job submitted', { id: event.payload.generationId, taskId: event.payload.taskId });
    case 'generation.downloading':
      if (event.payload.received === 0)
        logger.info('job downloading', { id: event.payload.generationId, images: event.payload.total });
      return;
    case 'generation.finished':
      return logger.info('job done', { id: event.payload.generationId, images: event.payload.imageIds.length });
    case 'generation.failed': {
      const { error } = event.payload;
      const status = error.code === 'canceled' || error.code === 'interrupted' ? error.code : 'failed';
      const log = status === 'failed' ? logger.warn : logger.info;
      return log(`job ${status}`, {
        id: event.payload.generationId,
        code: error.code,
        httpStatus: error.httpStatus,
        upstreamCode: error.upstreamCode,
        detail: error.detail,
      });
    }
    case 'export.finished': {
      const { id, status, done, skipped, failed, total, bytes, error } = event.payload;
      const log = status === 'failed' ? logger.warn : logger.info;
      return log('export finished', { id, status, done, skipped, failed, total, bytes, code: error?.code });
    }
    case 'batch.progressed': {
      // Once per run, when it ends (its last event says no process runs it): counts, never prompts.
      const { id, status, isRunningNow, counts, totalRows } = event.payload;
      if (isRunningNow) return;
      return logger.info('batch run ended', { id, status, totalRows, ...counts });
    }
    default:
      return;
  }
}

/**
 * Long tasks worth a line when they start and end. An export's invoke answers at once (its end is
 * the `export.finished` event); the others answer when the work is done.
 */
const TASKS: Readonly<Record<string, { name: string; isAnsweredAtOnce: boolean }>> = {
  'export.start': { name: 'export', isAnsweredAtOnce: true },
  'export.resume': { name: 'export resume', isAnsweredAtOnce: true },
  'library.import': { name: 'import', isAnsweredAtOnce: false },
  'library.backup': { name: 'backup', isAnsweredAtOnce: false },
  'library.move': { name: 'library move', isAnsweredAtOnce: false },
  'library.emptyTrash': { name: 'empty trash', isAnsweredAtOnce: false },
};

/** Runs a handler, logging a long task's start and end with its duration (or its error code). */
export async function loggedCall<T>(
  logger: AppLogger,
  method: string,
  run: () => Promise<T> | T,
  now: () => number = Date.now,
): Promise<T> {
  const task = Object.hasOwn(TASKS, method) ? TASKS[method] : undefined;
  if (!task) return run();
  const started = now();
  if (!task.isAnsweredAtOnce) logger.info(`${task.name} started`);
  try {
    const result = await run();
    const verb = task.isAnsweredAtOnce ? 'started' : 'finished';
    logger.info(`${task.name} ${verb}`, { ms: now() - started, ...summary(result) });
    return result;
  } catch (err) {
    const { code, detail } = err as { code?: unknown; detail?: unknown };
    logger.warn(`${task.name} failed`, { ms: now() - started, code, detail });
    throw err;
  }
}

/** The countable parts of a task's answer: ids, statuses and numbers, no names or paths of images. */
function summary(result: unknown): Record<string, unknown> {
  if (!result || typeof result !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result))
    if (typeof value === 'number' || key === 'id' || key === 'status') out[key] = value;
  return out;
}
