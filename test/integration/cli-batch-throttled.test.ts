import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchView, UsageReport } from '../../src/shared/batch/batch-types';
import { runCli, startCli } from '../helpers/cli';
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

  it('a template saved in the library, with a saved list, drives batch --template NAME; usage counts it', async () => {
    const { file, env } = batchIn(`named-${Date.now()}`, 1);
    const list = join(file, '..', 'animals.txt');
    writeFileSync(list, '猫\n狗\n');
    expect((await runCli(['templates', 'save', 'animals', '--list', '--file', list], env)).code).toBe(0);
    const marker = `named-${Date.now()}`;
    expect((await runCli(['templates', 'save', 'card', `${marker} {animals} 在 {雪|雨} 中`], env)).code).toBe(0);
    const r = await runCli(['batch', '--template', 'card', '--seeds', '2', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const { batch } = JSON.parse(r.stdout) as { batch: BatchView };
    expect(batch).toMatchObject({ status: 'done', totalRows: 8, counts: { done: 8, failed: 0 } });
    expect(batch.source).toMatchObject({ kind: 'template', templateName: 'card' });
    const prompts = [...ctx.sim.state.tasks.values()].map((t) => t.request.prompt).filter((p) => p.startsWith(marker));
    expect(new Set(prompts)).toEqual(
      new Set([`${marker} 猫 在 雪 中`, `${marker} 猫 在 雨 中`, `${marker} 狗 在 雪 中`, `${marker} 狗 在 雨 中`]),
    );
    expect(prompts).toHaveLength(8);
    const usage = JSON.parse((await runCli(['usage', '--json'], env)).stdout) as { usage: UsageReport };
    expect(usage.usage.total).toMatchObject({ generations: 8, images: 8, billedImages: 8, possiblyBilledImages: 0 });
  });
});
