import { create } from 'zustand';
import type { GenerationView } from '../../../../shared/contract';
import { call, onEvent } from '../../lib/wan';
import {
  EMPTY_QUEUE,
  applyJobEvent,
  isActiveStatus,
  mergeView,
  removeJobs,
  reopenJob,
  type JobEvent,
  type QueueData,
} from './queue-reducer';

// The queue panel's state. Pure TS: tests drive `startQueueSync` with a fake API (`setWanApi`)
// that emits events.

export const RECENT_LIMIT = 30;

type QueueState = QueueData & {
  isLoaded: boolean;
  apply: (event: JobEvent, now?: number) => void;
  merge: (view: GenerationView) => void;
  mergeAll: (views: readonly GenerationView[]) => void;
  clearFinished: () => void;
  reopen: (id: string, status: Parameters<typeof reopenJob>[2]) => void;
};

export const useQueueStore = create<QueueState>((set, get) => ({
  ...EMPTY_QUEUE,
  isLoaded: false,
  apply: (event, now = Date.now()) => set(applyJobEvent(get(), event, now)),
  merge: (view) => set(mergeView(get(), view)),
  reopen: (id, status) => set(reopenJob(get(), id, status)),
  mergeAll: (views) => {
    let data: QueueData = get();
    for (const view of views) data = mergeView(data, view);
    set({ ...data, isLoaded: true });
  },
  clearFinished: () => {
    const { order, jobs } = get();
    set(
      removeJobs(
        get(),
        order.filter((id) => !isActiveStatus(jobs[id]!.status)),
      ),
    );
  },
}));

/**
 * Subscribes before loading the recent list, so no event falls between the two; the reducer makes
 * the order they land in harmless. Returns a function that unsubscribes everything.
 */
export function startQueueSync(onError: (err: unknown) => void = () => {}): () => void {
  const store = useQueueStore.getState();
  const handle = (event: JobEvent): void => {
    store.apply(event);
    // Events that change the stored record (prompt, images, seed, retry plan) carry its view.
    if ('view' in event.payload && event.payload.view) store.merge(event.payload.view);
  };
  // Spelled out per event so each payload keeps its own type without a cast.
  const unsubscribers = [
    onEvent('generation.queued', (payload) => handle({ name: 'generation.queued', payload })),
    onEvent('generation.waiting', (payload) => handle({ name: 'generation.waiting', payload })),
    onEvent('generation.submitted', (payload) => handle({ name: 'generation.submitted', payload })),
    onEvent('generation.progressed', (payload) => handle({ name: 'generation.progressed', payload })),
    onEvent('generation.downloading', (payload) => handle({ name: 'generation.downloading', payload })),
    onEvent('generation.finished', (payload) => handle({ name: 'generation.finished', payload })),
    onEvent('generation.failed', (payload) => handle({ name: 'generation.failed', payload })),
  ];
  call('generation.recent', { limit: RECENT_LIMIT }).then(store.mergeAll, (err: unknown) => {
    useQueueStore.setState({ isLoaded: true });
    onError(err);
  });
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
