import { beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, GenerationView, InvokeMethod, WanApi } from '../../../src/shared/contract';
import { startQueueSync, useQueueStore } from '../../../src/renderer/src/features/queue/queue-store';
import { makeView } from './fixtures';

type Listener = (payload: never) => void;

/** A stand-in for window.wan: records invokes, answers from a table, emits events on demand. */
function fakeApi(views: Record<string, GenerationView>, recent: GenerationView[]) {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: string[] = [];
  const api: WanApi = {
    invoke: async (method: InvokeMethod, input: unknown) => {
      invoked.push(method);
      if (method === 'generation.recent') return { ok: true, value: recent } as never;
      if (method === 'generation.get') {
        const view = views[(input as { generationId: string }).generationId];
        return (
          view
            ? { ok: true, value: view }
            : { ok: false, error: { code: 'not_found', message: 'gone', isRetryable: false } }
        ) as never;
      }
      throw new Error(`unexpected ${method}`);
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    for (const l of listeners.get(event) ?? []) (l as (p: EventPayload<E>) => void)(payload);
  };
  const listenerCount = (): number => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { api, emit, invoked, listenerCount };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const initial = useQueueStore.getState();

beforeEach(() => useQueueStore.setState(initial, true));

describe('startQueueSync', () => {
  it('loads recent jobs, applies live events and refreshes finished jobs', async () => {
    const finished = makeView({ id: 'live', status: 'done', progress: 100, createdAt: 5_000, finishedAt: 9_000 }, 2);
    const fake = fakeApi({ live: finished }, [makeView({ id: 'earlier', status: 'done', createdAt: 1_000 })]);
    const stop = startQueueSync(fake.api);
    await flush();
    expect(useQueueStore.getState().order).toEqual(['earlier']);
    expect(useQueueStore.getState().isLoaded).toBe(true);

    fake.emit('generation.progressed', { generationId: 'live', status: 'polling', progress: 30 });
    expect(useQueueStore.getState().jobs.live?.status).toBe('polling');

    fake.emit('generation.finished', { generationId: 'live', imageIds: ['a', 'b'] });
    await flush();
    const job = useQueueStore.getState().jobs.live!;
    expect(job.status).toBe('done');
    expect(job.images).toHaveLength(2);
    expect(job.record?.finishedAt).toBe(9_000);
    expect(useQueueStore.getState().order).toEqual(['live', 'earlier']);

    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('reports a failed refresh without losing the event state', async () => {
    const fake = fakeApi({}, []);
    const errors: unknown[] = [];
    startQueueSync(fake.api, (err) => errors.push(err));
    fake.emit('generation.failed', {
      generationId: 'x',
      error: { code: 'network', message: 'down', isRetryable: true },
    });
    await flush();
    expect(useQueueStore.getState().jobs.x?.status).toBe('failed');
    expect(errors).toHaveLength(1);
  });
});
