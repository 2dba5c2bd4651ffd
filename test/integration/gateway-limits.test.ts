import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../src/shared/generation-request';
import { runTask } from '../../src/main/services/providers/run-task';
import { WanError } from '../../src/main/services/wan-error';
import { engineRig, type EngineRig } from '../helpers/library';
import { FAST_POLL, clientFor, request, useSimulator } from '../helpers/simulator';

// The simulator enforces upstream's limits (5 creates per second, 5 concurrent tasks) and answers
// 429 past them; the job engine must queue so that a burst never meets those 429s.
const ctx = useSimulator({ taskDurationMs: 300 });
let rig: EngineRig | undefined;
afterEach(async () => rig?.close());

function maxInAnySecond(times: readonly number[]): number {
  let max = 0;
  for (const start of times) max = Math.max(max, times.filter((t) => t >= start && t - start < 1000).length);
  return max;
}

const job = (n: number): GenerationRequest => ({ ...request({ prompt: `burst ${n} ${Date.now()}` }), seed: n });

describe('upstream limits', () => {
  it('a burst of 12 jobs runs at most 5 at a time and 5 creates per second, with no 429', async () => {
    rig = engineRig(ctx.sim);
    const stats = ctx.sim.state.stats;
    const firstCreate = stats.createTimes.length;
    const rejectedBefore = stats.rejectedByLimits;
    const ids = Array.from({ length: 12 }, (_, i) => rig!.engine.start(job(i)).generationId);
    const outcomes = await Promise.all(ids.map((id) => rig!.engine.wait(id)));
    expect(outcomes.map((o) => o.generation.status)).toEqual(Array(12).fill('done'));
    expect(stats.rejectedByLimits - rejectedBefore).toBe(0);
    expect(stats.maxConcurrentTasks).toBeLessThanOrEqual(5);
    expect(maxInAnySecond(stats.createTimes.slice(firstCreate))).toBeLessThanOrEqual(5);
  });

  it('without the engine, the same burst meets the service’s 429s (the check above can fail)', async () => {
    const client = clientFor(ctx.sim, { retry: { maxAttempts: 1 }, limits: { createsPerSecond: 50 } });
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
