import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchView, UsageReport } from '../../src/shared/batch/batch-types';
import { runCli, startCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// `wan-studio batch` and `wan-studio usage` as users run them: real CLI processes against the
// simulator (upstream's limits on), a real library, and a SIGKILL in the middle of a batch.

const ctx = useSimulator({ taskDurationMs: 200 });
const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));

function library(): { home: string; env: Record<string, string> } {
  const dir = tempDir('wan-cli-batch-');
  dirs.push(dir);
  return {
    home: dir.path,
    env: { WAN_STUDIO_HOME: dir.path, WAN_BASE_URL: ctx.sim.baseUrl, WAN_API_KEY: ctx.sim.key },
  };
}

/** A CSV of `rows` rows, each prompt unique (marker and row), n alternating 1 and 2. */
function planFile(home: string, marker: string, rows: number, extra = ''): string {
  const file = join(home, 'plan.csv');
  const lines = Array.from(
    { length: rows },
    (_, i) => `"${marker} 第${i}行, 水彩${extra}",wan2.7-image,1024x1024,${1 + (i % 2)},${100 + i}`,
  );
  writeFileSync(file, `\uFEFFprompt,model,size,n,seed\r\n${lines.join('\r\n')}\r\n`);
  return file;
}

/** The batch's generations as the CLI left them, read by a fresh connection (undefined until migrated). */
function batchState(home: string): { enqueued: number; done: number; sending: number } | undefined {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(join(home, 'library.sqlite'), { readonly: true, fileMustExist: true });
    return db
      .prepare(
        `SELECT count(*) AS enqueued, coalesce(sum(status = 'done'), 0) AS done,
           coalesce(sum(status = 'submitting'), 0) AS sending
         FROM generations WHERE batch_id IS NOT NULL`,
      )
      .get() as { enqueued: number; done: number; sending: number };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

const createsPerPrompt = (marker: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const task of ctx.sim.state.tasks.values())
    if (task.request.prompt.includes(marker))
      counts.set(task.request.prompt, (counts.get(task.request.prompt) ?? 0) + 1);
  return counts;
};

describe('wan-studio batch and usage', { timeout: 120_000 }, () => {
  it('--dry-run prints the plan and its estimate and sends nothing', async () => {
    const { home, env } = library();
    const marker = `dry-${Date.now()}`;
    const before = ctx.sim.state.stats.creates;
    const r = await runCli(['batch', planFile(home, marker, 6), '--dry-run', '--json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      plan: { rows: Array<{ prompt: string; seed: number; n: number }>; totalRows: number };
      estimate: { images: number; cost: number; currency: string };
    };
    expect(out.plan.totalRows).toBe(6);
    expect(out.plan.rows.map((row) => row.seed)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(out.estimate).toMatchObject({ images: 9, cost: 0.27, currency: 'USD' });
    expect(ctx.sim.state.stats.creates).toBe(before);
    // Nothing was saved either: a plain dry run of a template, then the ledger is empty.
    const template = await runCli(
      ['batch', '--template', `${marker} {猫|狗} {day|night}`, '--seeds', '2', '--dry-run'],
      env,
    );
    expect(template.code).toBe(0);
    expect(template.stdout.trim().split('\n')).toHaveLength(9);
    expect(template.stdout).toContain('8 generations, up to 8 images');
    expect(ctx.sim.state.stats.creates).toBe(before);
    const usage = JSON.parse((await runCli(['usage', '--json'], env)).stdout) as { usage: UsageReport };
    expect(usage.usage.total.generations).toBe(0);
  });

  it('refuses past a cap, and a bad row by row and column, exit 2, nothing sent', async () => {
    const { home, env } = library();
    const marker = `cap-${Date.now()}`;
    const before = ctx.sim.state.stats.creates;
    const capped = await runCli(['batch', planFile(home, marker, 6), '--max-images', '8', '--json'], env);
    expect(capped.code).toBe(2);
    expect(capped.stderr).toContain('This batch can make 9 images, past the cap of 8');
    expect(JSON.parse(capped.stdout)).toMatchObject({ batch: null, error: { code: 'invalid_input', field: 'cap' } });
    const costly = await runCli(['batch', planFile(home, marker, 6), '--max-cost', '0.2'], env);
    expect(costly.code).toBe(2);
    expect(costly.stderr).toContain('past the cap of 0.200 USD');
    writeFileSync(join(home, 'bad.csv'), 'prompt,size\nok,1024x1024\nok,1x1\n');
    const bad = await runCli(['batch', join(home, 'bad.csv')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^row 3, size: /m);
    expect(ctx.sim.state.stats.creates).toBe(before);
  });

  it('a CSV batch runs to completion and usage --json matches what was generated', async () => {
    const { home, env } = library();
    const marker = `run-${Date.now()}`;
    const r = await runCli(['batch', planFile(home, marker, 6), '--json'], env);
    expect(r.code).toBe(0);
    const { batch } = JSON.parse(r.stdout) as { batch: BatchView };
    expect(batch).toMatchObject({
      status: 'done',
      totalRows: 6,
      counts: { done: 6, failed: 0, images: 9, billedImages: 9 },
    });
    expect(r.stderr).toContain(`batch ${batch.id}: 6/6 settled, 6 done, 9 images`);
    expect([...createsPerPrompt(marker).values()]).toEqual([1, 1, 1, 1, 1, 1]);

    const usage = JSON.parse((await runCli(['usage', '--json', '--by', 'model'], env)).stdout) as {
      usage: UsageReport;
    };
    expect(usage.usage.rows).toEqual([
      expect.objectContaining({
        key: 'wan2.7-image',
        generations: 6,
        images: 9,
        billedImages: 9,
        possiblyBilledImages: 0,
        cost: { USD: 0.27 },
      }),
    ]);
    const byDay = JSON.parse((await runCli(['usage', '--json', '--since', '2000-01-01'], env)).stdout) as {
      usage: UsageReport;
    };
    expect(byDay.usage.total).toMatchObject({ generations: 6, images: 9, billedImages: 9, cost: { USD: 0.27 } });
    const future = JSON.parse((await runCli(['usage', '--json', '--since', '2999-01-01'], env)).stdout) as {
      usage: UsageReport;
    };
    expect(future.usage.total.generations).toBe(0);
  });

  it('a batch killed with SIGKILL mid-way is finished by batch --resume with no duplicate creates', async () => {
    const { home, env } = library();
    const marker = `kill-${Date.now()}`;
    // More rows than the CLI keeps in the engine (10): some are not enqueued yet when it dies.
    const rows = 20;
    const file = planFile(home, marker, rows);
    const { child, result } = startCli(['batch', file], env);
    // Killed once a row is done, more rows are still to enqueue, and no create is on its way.
    let isKilled = false;
    const deadline = Date.now() + 60_000;
    while (!isKilled && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      const state = batchState(home);
      if (state && state.done >= 1 && state.sending === 0 && state.enqueued < rows) {
        child.kill('SIGKILL');
        isKilled = true;
      }
    }
    expect(isKilled).toBe(true);
    expect((await result).signal).toBe('SIGKILL');

    const resumed = await runCli(['batch', '--resume', '--json'], env);
    expect(resumed.code).toBe(0);
    const { batch } = JSON.parse(resumed.stdout) as { batch: BatchView };
    expect(batch).toMatchObject({
      status: 'done',
      totalRows: rows,
      counts: { enqueued: rows, done: rows, interrupted: 0 },
    });
    const creates = createsPerPrompt(marker);
    expect(creates.size).toBe(rows);
    expect([...creates.values()].every((n) => n === 1)).toBe(true);
    // Nothing is left to resume.
    expect(JSON.parse((await runCli(['batch', '--resume', '--json'], env)).stdout)).toEqual({ batch: null });
  });
});
