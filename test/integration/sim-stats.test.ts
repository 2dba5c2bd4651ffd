import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SimStatsReport } from '../../src/main/services/simulator/sim-stats';
import { FAST_POLL, clientFor, request, useSimulator } from '../helpers/simulator';
import { runTask } from '../../src/main/services/providers/run-task';

const ctx = useSimulator({ taskDurationMs: 50 });

async function stats(key = ctx.sim.key): Promise<{ status: number; body: SimStatsReport }> {
  const res = await fetch(`${ctx.sim.origin}/__sim/stats`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as SimStatsReport };
}

describe('GET /__sim/stats', () => {
  it('needs the simulator key', async () => {
    expect((await stats('wrong-key')).status).toBe(401);
    const res = await fetch(`${ctx.sim.origin}/__sim/stats`);
    expect(res.status).toBe(401);
  });

  it('lists every accepted task with the sha256 of the images it served, and the counters', async () => {
    const client = clientFor(ctx.sim);
    const req = request({ n: 2, prompt: `stats ${Date.now()}` });
    const outcome = await runTask(client, req, { timing: FAST_POLL });
    const served = await Promise.all(outcome.images.map((image) => client.download(image.url!)));

    const { status, body } = await stats();
    expect(status).toBe(200);
    const task = body.tasks.find((t) => t.prompt === req.prompt);
    expect(task).toMatchObject({ id: outcome.taskId, n: 2, mode: 'async', state: 'done', imageCount: 2 });
    expect(task!.images!.map((i) => i.sha256)).toEqual(
      served.map((s) => createHash('sha256').update(s.bytes).digest('hex')),
    );
    expect(body.accepted).toBeGreaterThanOrEqual(1);
    expect(body.downloads).toBeGreaterThanOrEqual(2);
  });

  it('reports a task still running without finishing it, and a set by the size it settles on', async () => {
    const client = clientFor(ctx.sim);
    const req = request({ n: 4, isSequential: true, prompt: `set [[sim duration=60000 count=3]] ${Date.now()}` });
    const created = await client.create(req);
    expect(created.kind).toBe('task');
    const before = ctx.sim.state.stats.polls;
    const task = (await stats()).body.tasks.find((t) => t.prompt === req.prompt);
    expect(task).toMatchObject({ state: 'running', imageCount: 3, images: null, isSequential: true });
    expect(ctx.sim.state.stats.polls).toBe(before);
    expect(ctx.sim.state.tasks.get(task!.id)?.images).toBeUndefined();
  });
});
