import { afterEach, describe, expect, it } from 'vitest';
import type { GenerationPatch } from '../../src/main/services/library/library-repository';
import { engineRig, type EngineRig } from '../helpers/library';
import { request, useSimulator } from '../helpers/simulator';

// A waiting batch must cost little: a poll that brings a new progress figure is an event, not a
// database commit each time, and a create waiting for a slot says so once, not on every try.
const ctx = useSimulator({ taskDurationMs: 2500 });
let rig: EngineRig | undefined;
afterEach(async () => rig?.close());

describe('what a waiting job writes', () => {
  it('reports every new progress figure but saves it seldom, and says a slot wait once', async () => {
    rig = engineRig(ctx.sim, undefined, { maxConcurrent: () => 1 });
    const repo = rig.library.repo;
    const progressWrites = new Map<string, number>();
    const update = repo.updateGeneration.bind(repo);
    repo.updateGeneration = (id: string, patch: GenerationPatch, now?: number) => {
      if (patch.progress !== undefined && patch.progress < 100)
        progressWrites.set(id, (progressWrites.get(id) ?? 0) + 1);
      update(id, patch, now);
    };
    const first = rig.engine.start({ ...request({ prompt: 'waiting cost one' }), seed: 1 }).generationId;
    const second = rig.engine.start({ ...request({ prompt: 'waiting cost two' }), seed: 2 }).generationId;
    const outcomes = await Promise.all([rig.engine.wait(first), rig.engine.wait(second)]);
    expect(outcomes.map((o) => o.generation.status)).toEqual(['done', 'done']);

    const progressed = rig.events.filter((e) => e.name === 'generation.progressed' && e.payload.generationId === first);
    expect(progressed.length).toBeGreaterThan(5);
    expect(progressWrites.get(first) ?? 0).toBeLessThanOrEqual(2);

    // The second create waited the whole of the first task (2.5 s: several looks for a slot).
    const slotWaits = rig.events.filter(
      (e) =>
        e.name === 'generation.waiting' && e.payload.generationId === second && e.payload.waiting.reason === 'slot',
    );
    expect(slotWaits).toHaveLength(1);
  });
});
