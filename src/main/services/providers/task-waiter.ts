import { WanError } from '../wan-error';
import type { ImageProvider, ResultImage, TaskReading, Usage } from './provider-types';
import { RETRY_AFTER_CAP_MS, isPermanentForIdempotent } from './gateway-errors';
import { systemClock, type Clock } from './limits';

export type PollTiming = {
  /** The gateway guide: first look after about 3 s, then every 3–5 s. */
  firstDelayMs: number;
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Give up on a task that has not finished by then (a 4K or 12-image set can take minutes). */
  deadlineMs: number;
  /** How long an `unknown` status is tolerated before the task counts as failed. */
  unknownGraceMs: number;
};

export const DEFAULT_POLL_TIMING: PollTiming = {
  firstDelayMs: 3000,
  minIntervalMs: 3000,
  maxIntervalMs: 5000,
  deadlineMs: 15 * 60_000,
  unknownGraceMs: 60_000,
};

export type WaitOptions = {
  signal?: AbortSignal;
  timing?: Partial<PollTiming>;
  clock?: Clock;
  /** Called with each running reading, e.g. to save and report progress. */
  onProgress?: (reading: Extract<TaskReading, { state: 'running' }>) => void;
  /** Time already spent on this task (a resumed job keeps its deadline). */
  elapsedMs?: number;
  /** A poll failed for a passing cause (it is tried again): for the log. */
  onTransientError?: (err: WanError) => void;
};

/** Polls until the task is done, failed, past its deadline or canceled; backs off from 3 s to 5 s. */
export async function waitForTask(
  client: Pick<ImageProvider, 'getTask'>,
  taskId: string,
  opts: WaitOptions = {},
): Promise<{ images: ResultImage[]; usage?: Usage }> {
  const timing = { ...DEFAULT_POLL_TIMING, ...opts.timing };
  const clock = opts.clock ?? systemClock;
  const startedAt = clock.now() - (opts.elapsedMs ?? 0);
  let delay = timing.firstDelayMs;
  let unknownSince: number | undefined;
  for (;;) {
    const remaining = startedAt + timing.deadlineMs - clock.now();
    if (remaining <= 0)
      throw new WanError('timeout', { detail: `task ${taskId} did not finish in time`, isRetryable: false });
    await clock.sleep(Math.min(delay, remaining), opts.signal).catch((err: unknown) => {
      throw new WanError('canceled', { cause: err });
    });
    let reading: TaskReading;
    try {
      reading = await client.getTask(taskId, { signal: opts.signal });
    } catch (err) {
      // The task runs on upstream whatever our connection does: only a permanent answer (the key,
      // the task unknown) or the deadline ends the wait. Everything else is tried again later.
      if (!(err instanceof WanError) || isPermanentForIdempotent(err)) throw err;
      opts.onTransientError?.(err);
      delay = Math.max(delay, Math.min(err.retryAfterMs ?? 0, RETRY_AFTER_CAP_MS));
      continue;
    }
    switch (reading.state) {
      case 'done':
        return { images: reading.images, usage: reading.usage };
      case 'failed':
        throw reading.error;
      case 'unknown':
        unknownSince ??= clock.now();
        if (clock.now() - unknownSince >= timing.unknownGraceMs)
          throw new WanError('task_failed', {
            detail: `task ${taskId} stayed in status "${reading.rawStatus}"`,
            isRetryable: false,
          });
        break;
      case 'running':
        unknownSince = undefined;
        opts.onProgress?.(reading);
        break;
    }
    delay =
      delay === timing.firstDelayMs ? timing.minIntervalMs : Math.min(Math.round(delay * 1.25), timing.maxIntervalMs);
  }
}
