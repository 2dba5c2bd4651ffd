// Client-side limits that mirror upstream's (5 task submissions per second, 5 concurrent tasks per
// account), so a burst from the UI or a script queues here instead of meeting 429s there.

export type Clock = {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** At most `max` holders at once; waiters are served in arrival order and can be aborted. */
export class Semaphore {
  private inUse = 0;
  private readonly waiters: Array<{ grant: () => void; signal?: AbortSignal; onAbort?: () => void }> = [];

  constructor(private readonly max: number) {
    if (!(max >= 1)) throw new RangeError('Semaphore needs at least one slot');
  }

  get active(): number {
    return this.inUse;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.inUse < this.max) {
      this.inUse++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = {
        signal,
        grant: () => {
          if (waiter.onAbort) signal?.removeEventListener('abort', waiter.onAbort);
          this.inUse++;
          resolve(this.releaser());
        },
      };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      this.inUse--;
      this.waiters.shift()?.grant();
    };
  }
}

/** At most `perSecond` starts within any rolling one-second window. */
export class RateLimiter {
  private readonly starts: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock = systemClock,
    private readonly windowMs = 1000,
  ) {
    if (!(perSecond >= 1)) throw new RangeError('RateLimiter needs at least one start per second');
  }

  /** Resolves when the caller may start; calls are granted in order. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.chain.then(() => this.waitForSlot(signal));
    // A caller that aborts must not block the ones behind it.
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const now = this.clock.now();
      while (this.starts.length > 0 && now - this.starts[0]! >= this.windowMs) this.starts.shift();
      if (this.starts.length < this.perSecond) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.starts[0]! + this.windowMs - now + 1, signal);
    }
  }
}
