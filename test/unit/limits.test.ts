import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore, type Clock } from '../../src/main/services/providers/limits';
import { backoffDelayMs, DEFAULT_RETRY } from '../../src/main/services/providers/retry';

/** A clock whose time moves only when something sleeps, so limits are checked exactly. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('Semaphore', () => {
  it('lets at most N through and serves waiters in order', async () => {
    const sem = new Semaphore(2);
    const a = await sem.acquire();
    await sem.acquire();
    const order: string[] = [];
    const c = sem.acquire().then((release) => (order.push('c'), release));
    const d = sem.acquire().then((release) => (order.push('d'), release));
    expect(sem.active).toBe(2);
    a();
    (await c)();
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(sem.active).toBe(2);
  });

  it('drops an aborted waiter without taking a slot', async () => {
    const sem = new Semaphore(1);
    const release = await sem.acquire();
    const controller = new AbortController();
    const waiting = sem.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    release();
    expect(sem.active).toBe(0);
  });
});

describe('RateLimiter', () => {
  it('allows 5 starts in any one-second window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(5, clock);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(1000);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('backoff', () => {
  it('doubles from 1 s to 8 s with ±25 % jitter', () => {
    const mid = (): number => 0.5;
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(DEFAULT_RETRY, a, mid))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelayMs(DEFAULT_RETRY, 1, () => 0)).toBe(750);
    expect(backoffDelayMs(DEFAULT_RETRY, 1, () => 0.999)).toBe(1250);
  });
});
