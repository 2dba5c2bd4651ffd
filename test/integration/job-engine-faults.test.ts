import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationRequest } from '../../src/shared/generation-request';
import type { JobEvent } from '../../src/main/services/jobs/job-engine';
import { engineRig, tempDir, type EngineRig } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// The job engine against the simulator's faults and limits: nothing paid for is lost, nothing is
// paid for twice, and throttling makes jobs wait instead of failing.

const ctx = useSimulator({ taskDurationMs: 150 });
// Its own upstream for the ledger tests: tasks left hanging by other tests hold slots upstream.
const ledgerCtx = useSimulator({ taskDurationMs: 150 });
const rigs: EngineRig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

function rig(extra: Parameters<typeof engineRig>[2] = {}, home?: string, sim = ctx.sim): EngineRig {
  const made = engineRig(sim, home, extra);
  rigs.push(made);
  return made;
}

let counter = 0;
function req(directive = '', overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    model: 'wan2.7-image',
    prompt: `花店 ${++counter} ${Date.now()} ${directive ? `[[sim ${directive}]]` : ''}`,
    size: '1024x1024',
    n: 1,
    isSequential: false,
    thinkingMode: true,
    watermark: false,
    responseFormat: 'url',
    mode: 'async',
    ...overrides,
  };
}

/** Creates the simulator accepted or refused for prompts containing `marker`. */
function createsFor(marker: string): number {
  let n = 0;
  for (const task of ctx.sim.state.tasks.values()) if (task.request.prompt.includes(marker)) n++;
  return n;
}

const eventsOf = (r: EngineRig, id: string): JobEvent[] => r.events.filter((e) => e.payload.generationId === id);

describe('replies gateways really send', () => {
  it('reads new-api items whose unused fields are empty strings, with extra metadata', async () => {
    const r = rig();
    for (const format of ['url', 'b64_json'] as const) {
      const { generationId } = r.engine.start(req('finish=newapi', { responseFormat: format, n: 2 }));
      const { generation, images } = await r.engine.wait(generationId);
      expect(generation).toMatchObject({ status: 'done', error: null, billedImages: 2 });
      expect(images).toHaveLength(2);
      expect(generation.revisedPrompts).toEqual(['', '']);
    }
  });
});

describe('throttling is backpressure, not failure', () => {
  it('a create met by 429 waits its turn (Retry-After), is sent again and finishes', async () => {
    const r = rig();
    const request = req('status=429 retry-after-ms=150 times=2');
    const { generationId } = r.engine.start(request);
    const { generation } = await r.engine.wait(generationId);
    expect(generation.status).toBe('done');
    const waiting = eventsOf(r, generationId).filter((e) => e.name === 'generation.waiting');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting[0]!.payload).toMatchObject({ waiting: { reason: 'rate' } });
    expect(eventsOf(r, generationId).some((e) => e.name === 'generation.failed')).toBe(false);
  });

  it('a 503 with Retry-After on a create also waits; a 500 does not resend (it may be billed)', async () => {
    const r = rig();
    const ok = r.engine.start(req('status=503 retry-after=1 times=1')).generationId;
    const ambiguous = r.engine.start(req('status=500 times=1')).generationId;
    expect((await r.engine.wait(ok)).generation.status).toBe('done');
    expect((await r.engine.wait(ambiguous)).generation).toMatchObject({ status: 'failed', error: { code: 'server' } });
  });

  it('quota and arrears fail at once with their own sentence', async () => {
    const r = rig();
    const { generationId } = r.engine.start(req('status=429 code=insufficient_quota'));
    const { generation } = await r.engine.wait(generationId);
    expect(generation).toMatchObject({ status: 'failed', error: { code: 'quota' } });
    expect(generation.error!.message).toMatch(/quota or balance/);
  });

  it('a create that finds no free slot until its queue deadline fails unsent, as queue_timeout', async () => {
    const r = rig({ maxConcurrent: () => 1, queueTimeoutMs: () => 400 });
    const holder = r.engine.start(req('task=hang')).generationId;
    const marker = `late ${Date.now()}`;
    const late = r.engine.start({ ...req(), prompt: marker }).generationId;
    const { generation } = await r.engine.wait(late);
    expect(generation).toMatchObject({ status: 'failed', error: { code: 'queue_timeout' }, taskId: null });
    expect(generation.error!.message).toMatch(/nothing was billed/);
    expect(createsFor(marker)).toBe(0);
    r.engine.cancel(holder);
  });

  it('canceling before the create leaves sends nothing', async () => {
    const r = rig({ maxConcurrent: () => 1 });
    const holder = r.engine.start(req('task=hang')).generationId;
    const marker = `never ${Date.now()}`;
    const waiting = r.engine.start({ ...req(), prompt: marker }).generationId;
    await new Promise<void>((resolve) => r.engine.on((e) => e.name === 'generation.waiting' && resolve()));
    expect(r.engine.cancel(waiting)).toBe(true);
    expect((await r.engine.wait(waiting)).generation.status).toBe('canceled');
    expect(createsFor(marker)).toBe(0);
    r.engine.cancel(holder);
  });
});

describe('the upstream slot ledger', () => {
  it('canceled tasks keep their slots until upstream ends them; five more jobs then meet no concurrency 429', async () => {
    const r = rig({}, undefined, ledgerCtx.sim);
    const rejectedBefore = ledgerCtx.sim.state.stats.rejectedByConcurrency;
    // Long enough to outlast the create rate window, so the later creates meet them still running.
    const long = [1, 2].map(() => r.engine.start(req('duration=3000')).generationId);
    await new Promise<void>((resolve) => {
      let submitted = 0;
      r.engine.on((e) => e.name === 'generation.submitted' && ++submitted === 2 && resolve());
    });
    for (const id of long) expect(r.engine.cancel(id)).toBe(true);
    for (const id of long) expect((await r.engine.wait(id)).generation.status).toBe('canceled');
    // Slow too, so tasks still run when the rate window lets the last creates through.
    const more = Array.from({ length: 5 }, () => r.engine.start(req('duration=1500')).generationId);
    const outcomes = await Promise.all(more.map((id) => r.engine.wait(id)));
    expect(outcomes.map((o) => o.generation.status)).toEqual(Array(5).fill('done'));
    expect(ledgerCtx.sim.state.stats.rejectedByConcurrency - rejectedBefore).toBe(0);
    // The canceled tasks were billed upstream: their images are in the trash, not lost, not shown.
    await r.engine.idle();
    for (const id of long) {
      const g = r.library.repo.getGeneration(id)!;
      expect(g).toMatchObject({ status: 'canceled', billedImages: 1, isFollowingUpstream: false });
      const images = r.library.repo.imagesOf(id, true);
      expect(images).toHaveLength(1);
      expect(images[0]!.deletedAt).not.toBeNull();
      expect(r.library.repo.imagesOf(id)).toHaveLength(0);
      expect(eventsOf(r, id).some((e) => e.name === 'generation.finished')).toBe(false);
    }
    // Retry of such a job costs nothing: its images come back out of the trash.
    expect(r.engine.retryPlan(long[0]!)).toEqual({ action: 'restore', costsNewImage: false });
    r.engine.retry(long[0]!);
    expect(r.library.repo.getWithImages(long[0]!)).toMatchObject({ generation: { status: 'done' } });
    expect(r.library.repo.imagesOf(long[0]!)).toHaveLength(1);
  });

  it('is shared by every engine on one library: two engines never run more than the limit together', async () => {
    const dir = tempDir();
    const a = rig({ maxConcurrent: () => 2 }, dir.path, ledgerCtx.sim);
    const b = rig({ maxConcurrent: () => 2 }, dir.path, ledgerCtx.sim);
    const rejectedBefore = ledgerCtx.sim.state.stats.rejectedByConcurrency;
    let running = 0;
    let maxRunning = 0;
    for (const r of [a, b])
      r.engine.on((e) => {
        if (e.name === 'generation.submitted') maxRunning = Math.max(maxRunning, ++running);
        if (e.name === 'generation.downloading' && e.payload.received === 0) running--;
      });
    const ids = [
      ...[1, 2, 3].map(() => ({ r: a, id: a.engine.start(req('duration=300')).generationId })),
      ...[1, 2, 3].map(() => ({ r: b, id: b.engine.start(req('duration=300')).generationId })),
    ];
    const outcomes = await Promise.all(ids.map(({ r, id }) => r.engine.wait(id)));
    expect(outcomes.every((o) => o.generation.status === 'done')).toBe(true);
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(ledgerCtx.sim.state.stats.rejectedByConcurrency - rejectedBefore).toBe(0);
  });
});

describe('one owner per job', () => {
  it('another engine’s resume leaves a live owner’s jobs alone: no second create', async () => {
    const dir = tempDir();
    const owner = rig({ maxConcurrent: () => 2 }, dir.path);
    const other = rig({}, dir.path);
    const marker = `owned ${Date.now()}`;
    const ids = Array.from(
      { length: 5 },
      (_, i) =>
        owner.engine.start({ ...req('duration=300'), prompt: `${marker} ${i} [[sim duration=300]]` }).generationId,
    );
    expect(other.engine.resume()).toEqual([]);
    await Promise.all(ids.map((id) => owner.engine.wait(id)));
    expect(createsFor(marker)).toBe(5);
  });
});

describe('retry resumes, it does not repay', () => {
  it('a job whose downloads failed is retried by downloading again, with no new create', async () => {
    const r = rig({ downloadPatienceMs: 0 });
    const marker = `dl ${Date.now()}`;
    // The test client tries a download 4 times; the fault outlasts them once.
    const { generationId } = r.engine.start({ ...req(), prompt: `${marker} [[sim on=download status=500 times=4]]` });
    const failed = await r.engine.wait(generationId);
    expect(failed.generation).toMatchObject({ status: 'failed', error: { code: 'server' } });
    expect(r.engine.retryPlan(generationId)).toEqual({ action: 'download', costsNewImage: false });
    expect(r.engine.retry(generationId)).toMatchObject({ action: 'download', costsNewImage: false });
    const { generation, images } = await r.engine.wait(generationId);
    expect(generation.status).toBe('done');
    expect(images).toHaveLength(1);
    expect(createsFor(marker)).toBe(1);
  });

  it('resume picks up a job that failed for a passing cause and kept its results', async () => {
    const dir = tempDir();
    const first = rig({ downloadPatienceMs: 0 }, dir.path);
    const marker = `resume ${Date.now()}`;
    const { generationId } = first.engine.start({ ...req(), prompt: `${marker} [[sim on=download reset times=4]]` });
    expect((await first.engine.wait(generationId)).generation.status).toBe('failed');
    await first.engine.stop();
    const second = rig({}, dir.path);
    expect(second.engine.resume()).toEqual([generationId]);
    expect((await second.engine.wait(generationId)).generation.status).toBe('done');
    expect(createsFor(marker)).toBe(1);
  });

  it('a result link that answers 404 is renewed by polling the task again', async () => {
    const r = rig();
    const pollsBefore = ctx.sim.state.stats.polls;
    const { generationId } = r.engine.start(req('on=download status=404 times=1'));
    const { generation, images } = await r.engine.wait(generationId);
    expect(generation.status).toBe('done');
    expect(images).toHaveLength(1);
    expect(ctx.sim.state.stats.polls - pollsBefore).toBeGreaterThanOrEqual(2);
  });

  it('only a job with no task to continue is created again, and says it costs a new image', async () => {
    const r = rig();
    const marker = `failed task ${Date.now()}`;
    const { generationId } = r.engine.start({
      ...req(),
      prompt: `${marker} [[sim task=fail code=InternalError.Algo]]`,
    });
    expect((await r.engine.wait(generationId)).generation.status).toBe('failed');
    expect(r.engine.retryPlan(generationId)).toEqual({ action: 'create', costsNewImage: true });
    r.engine.retry(generationId);
    expect((await r.engine.wait(generationId)).generation).toMatchObject({
      status: 'failed',
      error: { code: 'task_failed' },
    });
    expect(createsFor(marker)).toBe(2);
    const done = r.engine.start(req()).generationId;
    await r.engine.wait(done);
    expect(r.engine.retryPlan(done)).toBeUndefined();
    expect(() => r.engine.retry(done)).toThrow(
      expect.objectContaining({ code: 'invalid_input', detail: expect.stringMatching(/only a failed/) }),
    );
  });
});
