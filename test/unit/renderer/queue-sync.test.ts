import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, GenerationView, InvokeMethod, WanApi } from '../../../src/shared/contract';
import { startQueueSync, useQueueStore } from '../../../src/renderer/src/features/queue/queue-store';
import { setWanApi } from '../../../src/renderer/src/lib/wan';
import { makeView } from './fixtures';

type Listener = (payload: never) => void;

/** A stand-in for window.wan (installed with setWanApi): records invokes, answers from a table, emits events on demand. */
function fakeApi(views: Record<string, GenerationView | 'unreadable'>, recent: GenerationView[] | 'fails') {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: string[] = [];
  const api: WanApi = {
    invoke: async (method: InvokeMethod, input: unknown) => {
      invoked.push(method);
      if (method === 'generation.recent')
        return (
          recent === 'fails'
            ? { ok: false, error: { code: 'network', message: 'down', isRetryable: true } }
            : { ok: true, value: recent }
        ) as never;
      if (method === 'generation.get') {
        const view = views[(input as { generationId: string }).generationId];
        if (view === 'unreadable')
          return { ok: false, error: { code: 'library_busy', message: 'busy', isRetryable: true } } as never;
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
  setWanApi(api);
  return { emit, invoked, listenerCount };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const initial = useQueueStore.getState();

beforeEach(() => useQueueStore.setState(initial, true));
afterEach(() => setWanApi(null));

describe('startQueueSync', () => {
  it('loads recent jobs, applies live events and folds in the views they carry', async () => {
    const finished = makeView({ id: 'live', status: 'done', progress: 100, createdAt: 5_000, finishedAt: 9_000 }, 2);
    const fake = fakeApi({}, [makeView({ id: 'earlier', status: 'done', createdAt: 1_000 })]);
    const stop = startQueueSync();
    await flush();
    expect(useQueueStore.getState().order).toEqual(['earlier']);
    expect(useQueueStore.getState().isLoaded).toBe(true);

    fake.emit('generation.progressed', { generationId: 'live', status: 'polling', progress: 30 });
    expect(useQueueStore.getState().jobs.live?.status).toBe('polling');

    fake.emit('generation.finished', { generationId: 'live', imageIds: ['a', 'b'], view: finished });
    await flush();
    const job = useQueueStore.getState().jobs.live!;
    expect(job.status).toBe('done');
    expect(job.images).toHaveLength(2);
    expect(job.record?.finishedAt).toBe(9_000);
    expect(useQueueStore.getState().order).toEqual(['live', 'earlier']);

    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  it('does not fetch generation.get after queued, submitted, finished or failed', async () => {
    const queued = makeView({ id: 'j', status: 'queued', createdAt: 2_000 });
    const running = makeView({ id: 'j', status: 'polling', createdAt: 2_000 });
    const done = makeView({ id: 'j', status: 'done', progress: 100, createdAt: 2_000, finishedAt: 3_000 }, 1);
    const failed = makeView({ id: 'k', status: 'failed', createdAt: 2_500, finishedAt: 2_600 });
    // A table that would answer generation.get: the queue must not need it.
    const fake = fakeApi({ j: done, k: failed }, []);
    startQueueSync();
    await flush();
    fake.emit('generation.queued', { generationId: 'j', view: queued });
    fake.emit('generation.submitted', { generationId: 'j', taskId: 't-1', view: running });
    fake.emit('generation.finished', { generationId: 'j', imageIds: ['i-1'], view: done });
    fake.emit('generation.failed', {
      generationId: 'k',
      error: { code: 'network', message: 'down', isRetryable: true },
      view: failed,
    });
    await flush();
    expect(fake.invoked).toEqual(['generation.recent']);
    const { jobs } = useQueueStore.getState();
    expect(jobs.j?.status).toBe('done');
    expect(jobs.j?.images).toHaveLength(1);
    expect(jobs.k?.status).toBe('failed');
    expect(jobs.k?.record).toEqual(failed.generation);
  });

  it('reports a failed load of the recent list and still follows events', async () => {
    const fake = fakeApi({}, 'fails');
    const errors: unknown[] = [];
    startQueueSync((err) => errors.push(err));
    await flush();
    expect(errors).toHaveLength(1);
    expect(useQueueStore.getState().isLoaded).toBe(true);
    fake.emit('generation.failed', {
      generationId: 'x',
      error: { code: 'network', message: 'down', isRetryable: true },
    });
    expect(useQueueStore.getState().jobs.x?.status).toBe('failed');
  });

  it('never leaves a card loading forever: a record that is gone drops the card, one that cannot be read says so', async () => {
    const fake = fakeApi({}, []);
    startQueueSync();
    await flush();
    // Events without a view (the record could not be attached): the queue asks for it once.
    fake.emit('generation.queued', { generationId: 'gone' });
    expect(useQueueStore.getState().jobs.gone?.record).toBeNull();
    await flush();
    expect(fake.invoked).toEqual(['generation.recent', 'generation.get']);
    expect(useQueueStore.getState().order).toEqual([]);
  });

  it('marks a card unreadable when its record cannot be fetched for another reason', async () => {
    const fake = fakeApi({ odd: 'unreadable' }, []);
    startQueueSync();
    await flush();
    fake.emit('generation.failed', {
      generationId: 'odd',
      error: { code: 'server', message: 'x', isRetryable: false },
    });
    await flush();
    expect(useQueueStore.getState().jobs.odd).toMatchObject({ status: 'failed', record: null, isUnreadable: true });
  });

  it('leaves imported records out even if the recent list carries one', async () => {
    const imported = makeView(
      { id: 'imp', status: 'done', providerProfile: 'import', model: 'unknown', prompt: '' },
      1,
    );
    fakeApi({}, [imported, makeView({ id: 'job', status: 'done', createdAt: 500 })]);
    startQueueSync();
    await flush();
    expect(useQueueStore.getState().order).toEqual(['job']);
  });
});
