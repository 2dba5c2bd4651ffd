import { create } from 'zustand';
import type { GenerationView, WanApi } from '../../../../shared/contract';
import { callWith } from '../../lib/wan';
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

// The queue panel's state. Pure TS: `startQueueSync` takes the API as an argument, so tests drive
// it with a fake that emits events.

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

// Events that leave the job's stored record out of date: fetch it again for prompt, images, seed.
const REFRESH_ON: ReadonlySet<JobEvent['name']> = new Set([
  'generation.queued',
  'generation.finished',
  'generation.failed',
]);

/**
 * Subscribes before loading the recent list, so no event falls between the two; the reducer makes
 * the order they land in harmless. Returns a function that unsubscribes everything.
 */
export function startQueueSync(api: WanApi, onError: (err: unknown) => void = () => {}): () => void {
  const store = useQueueStore.getState();
  const handle = (event: JobEvent): void => {
    store.apply(event);
    const id = event.payload.generationId;
    if (REFRESH_ON.has(event.name)) callWith(api, 'generation.get', { generationId: id }).then(store.merge, onError);
  };
  // Spelled out per event so each payload keeps its own type without a cast.
  const unsubscribers = [
    api.on('generation.queued', (payload) => handle({ name: 'generation.queued', payload })),
    api.on('generation.waiting', (payload) => handle({ name: 'generation.waiting', payload })),
    api.on('generation.submitted', (payload) => handle({ name: 'generation.submitted', payload })),
    api.on('generation.progressed', (payload) => handle({ name: 'generation.progressed', payload })),
    api.on('generation.downloading', (payload) => handle({ name: 'generation.downloading', payload })),
    api.on('generation.finished', (payload) => handle({ name: 'generation.finished', payload })),
    api.on('generation.failed', (payload) => handle({ name: 'generation.failed', payload })),
  ];
  callWith(api, 'generation.recent', { limit: RECENT_LIMIT }).then(store.mergeAll, (err: unknown) => {
    useQueueStore.setState({ isLoaded: true });
    onError(err);
  });
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
