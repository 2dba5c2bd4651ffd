import { describe, expect, it } from 'vitest';
import { runTask } from '../../src/main/services/providers/run-task';
import { WanError } from '../../src/main/services/wan-error';
import { FAST_POLL, clientFor, request, useSimulator } from '../helpers/simulator';

// The simulator enforces upstream's limits (5 creates per second, 5 concurrent tasks) and answers
// 429 past them; the client must queue so that a burst never meets those 429s.
const ctx = useSimulator({ taskDurationMs: 300 });

function maxInAnySecond(times: readonly number[]): number {
  let max = 0;
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t - start < 1000).length);
  return max;
}

describe('client-side limits', () => {
  it('a burst of 12 tasks runs at most 5 at a time and 5 creates per second, with no 429', async () => {
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 1 } });
    const stats = ctx.sim.state.stats;
    const firstCreate = stats.createTimes.length;
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => runTask(client, request(), { timing: FAST_POLL })),
    );
    expect(outcomes.every((o) => o.images.length === 1)).toBe(true);
    expect(stats.rejectedByLimits).toBe(0);
    expect(stats.maxConcurrentTasks).toBeLessThanOrEqual(5);
    expect(maxInAnySecond(stats.createTimes.slice(firstCreate))).toBeLessThanOrEqual(5);
  });

  it('without them, the same burst meets the service’s 429s (the check above can fail)', async () => {
    const client = clientFor(ctx.sim, {
      retry: { maxAttempts: 1 },
      limits: { maxTasksInFlight: 50, createsPerSecond: 50 },
    });
    await new Promise((r) => setTimeout(r, 1100));
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => runTask(client, request(), { timing: FAST_POLL })),
    );
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof WanError && r.reason.code === 'rate_limited',
    );
    expect(refused.length).toBeGreaterThan(0);
  });
});
