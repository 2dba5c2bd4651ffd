import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchView } from '../../src/shared/batch/batch-types';
import { startCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// Two `wan-studio batch` processes on two libraries share one account: neither knows the other's
// slots, so together they meet upstream's 429s (5 creates/s, 5 at once). A throttled create goes
// back in line: both batches finish with every row done, each created once, and each process
// keeps its result JSON alone on stdout, its progress on stderr.

const ctx = useSimulator({ taskDurationMs: 700 });
const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));

function batchIn(marker: string, rows: number): { file: string; env: Record<string, string> } {
  const dir = tempDir('wan-cli-throttled-');
  dirs.push(dir);
  const file = join(dir.path, 'plan.txt');
  writeFileSync(file, Array.from({ length: rows }, (_, i) => `${marker} 第${i}张 山水`).join('\n'));
  return { file, env: { WAN_STUDIO_HOME: dir.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key } };
}

describe('wan-studio batch against upstream limits it does not own', { timeout: 120_000 }, () => {
  it('two batches at once meet 429s, wait their turn, and both finish with no failure', async () => {
    const stamp = Date.now();
    const rejectedBefore = ctx.sim.state.stats.rejectedByLimits;
    const plans = [batchIn(`left-${stamp}`, 10), batchIn(`right-${stamp}`, 10)];
    const results = await Promise.all(plans.map((p) => startCli(['batch', p.file, '--json'], p.env).result));

    // The check can fail: the two processes did run into the service's limits.
    expect(ctx.sim.state.stats.rejectedByLimits - rejectedBefore).toBeGreaterThan(0);
    for (const [i, r] of results.entries()) {
      expect(r.code, r.stderr).toBe(0);
      const { batch } = JSON.parse(r.stdout) as { batch: BatchView };
      expect(batch).toMatchObject({ status: 'done', totalRows: 10, counts: { done: 10, failed: 0, interrupted: 0 } });
      expect(r.stderr).toContain(`batch ${batch.id}: 10/10 settled, 10 done`);
      const marker = i === 0 ? `left-${stamp}` : `right-${stamp}`;
      const creates = [...ctx.sim.state.tasks.values()].filter((t) => t.request.prompt.startsWith(marker));
      expect(creates).toHaveLength(10);
    }
  });
});
