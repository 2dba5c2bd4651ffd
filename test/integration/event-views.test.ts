import { afterEach, describe, expect, it } from 'vitest';
import type {
  EventName,
  EventPayload,
  GenerationView,
  InvokeInput,
  InvokeMethod,
  InvokeOutput,
} from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { AppServices, SecretStore } from '../../src/main/services/app/app-types';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// Job events carry the generation's view (issue 10, item 8): the queue and gallery fold it in
// instead of asking `generation.get` again after every event.

const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const noSecrets: SecretStore = { get: () => undefined, set: () => {}, delete: () => {} };

type Seen = { name: EventName; payload: { generationId?: string; view?: GenerationView } };

type Booted = {
  services: AppServices;
  seen: Seen[];
  until: (name: EventName, id: string) => Promise<Seen>;
  call: <M extends InvokeMethod>(method: M, input: InvokeInput<M>) => Promise<InvokeOutput<M>>;
};

function boot(): Booted {
  const dir = tempDir();
  const services = createAppServices({
    home: dir.path,
    host: 'browser',
    version: '0.0.0-test',
    systemLocale: 'en-US',
    secrets: noSecrets,
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 20, minIntervalMs: 20, maxIntervalMs: 40 },
  });
  cleanups.push(dir.remove, () => services.close());
  const seen: Seen[] = [];
  const waiters: Array<(event: Seen) => void> = [];
  services.onEvent((name, payload) => {
    const event = { name, payload: payload as Seen['payload'] };
    seen.push(event);
    for (const waiter of [...waiters]) waiter(event);
  });
  const until = (name: EventName, id: string): Promise<Seen> => {
    const matches = (e: Seen): boolean => e.name === name && e.payload.generationId === id;
    const already = seen.find(matches);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => {
      const waiter = (e: Seen): void => {
        if (!matches(e)) return;
        waiters.splice(waiters.indexOf(waiter), 1);
        resolve(e);
      };
      waiters.push(waiter);
    });
  };
  const invoke = createInvoker(services.handlers);
  const call = async <M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as InvokeOutput<M>;
  };
  return { services, seen, until, call };
}

describe('job events carry the generation view', () => {
  it('queued, submitted and finished carry the view generation.get answers at that moment', async () => {
    const { seen, until, call } = boot();
    const { generationId: id } = await call('generation.start', {
      request: { model: 'wan2.7-image', prompt: 'a lighthouse at dawn', size: '1024x1024', n: 2, seed: 5 },
    });
    const finished = await until('generation.finished', id);

    const queued = seen.find((e) => e.name === 'generation.queued' && e.payload.generationId === id);
    expect(queued?.payload.view?.generation).toMatchObject({ id, prompt: 'a lighthouse at dawn' });
    const submitted = seen.find((e) => e.name === 'generation.submitted' && e.payload.generationId === id);
    expect(submitted?.payload.view?.generation.id).toBe(id);

    expect(finished.payload.view).toEqual(await call('generation.get', { generationId: id }));
    expect(finished.payload.view?.generation.status).toBe('done');
    expect(finished.payload.view?.images.map((image) => image.id)).toEqual(
      (finished.payload as EventPayload<'generation.finished'>).imageIds,
    );
    // Progress-only events stay small.
    const progressed = seen.filter((e) => e.name === 'generation.progressed' || e.name === 'generation.downloading');
    expect(progressed.every((e) => e.payload.view === undefined)).toBe(true);
  });

  it('failed carries the view with its error and retry plan', async () => {
    const { until, call } = boot();
    const { generationId: id } = await call('generation.start', {
      request: { model: 'wan2.7-image', prompt: 'a red boat [[sim task=fail]]', size: '1024x1024' },
    });
    const failed = await until('generation.failed', id);
    expect(failed.payload.view).toEqual(await call('generation.get', { generationId: id }));
    expect(failed.payload.view?.generation.status).toBe('failed');
    expect(failed.payload.view).toHaveProperty('retry');
  });
});
