import { WanError } from '../wan-error';
import type { Clock } from './limits';

export type RetryPolicy = {
  /** Total tries, the first included. */
  maxAttempts: number;
  /** First backoff; doubles each time (1-2-4-8 s by default), with ±25 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const raw = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(raw * (0.75 + random() * 0.5));
}

export type RetryContext = {
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  signal?: AbortSignal;
  /** Decides per failure; the default retries what the error calls retryable. */
  shouldRetry: (err: WanError, attempt: number) => boolean;
  onRetry?: (err: WanError, attempt: number, delayMs: number) => void;
};

/** Runs `op` until it succeeds, a failure is final, or tries run out. Retry-After wins over backoff. */
export async function withRetry<T>(op: (attempt: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (err) {
      if (!(err instanceof WanError)) throw err;
      if (attempt >= ctx.policy.maxAttempts || !ctx.shouldRetry(err, attempt)) throw err;
      const delay = err.retryAfterMs ?? backoffDelayMs(ctx.policy, attempt, ctx.random);
      ctx.onRetry?.(err, attempt, delay);
      await ctx.clock.sleep(delay, ctx.signal);
    }
  }
}
