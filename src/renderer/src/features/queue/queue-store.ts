import { create } from 'zustand';
import type { GenerationView } from '../../../../shared/contract';
import { BridgeError, call, onEvent } from '../../lib/wan';
import {
  EMPTY_QUEUE,
  applyJobEvent,
  isActiveStatus,
  markUnreadable,
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
  /** Removes one finished card (never its images); it stays away until its record changes. */
  remove: (id: string, now?: number) => void;
  markUnreadable: (id: string) => void;
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
        Date.now(),
      ),
    );
  },
  remove: (id, now = Date.now()) => set(removeJobs(get(), [id], now)),
  markUnreadable: (id) => set(markUnreadable(get(), id)),
}));

/**
 * A card known only from events (a record that could not be attached to them) fetches its record
 * once: one that is gone leaves the queue, one that cannot be read says so — never "loading" forever.
 */
function fetchMissingRecord(id: string, asked: Set<string>): void {
  if (asked.has(id)) return;
  asked.add(id);
  call('generation.get', { generationId: id }).then(
    (view) => useQueueStore.getState().merge(view),
    (err: unknown) => {
      const store = useQueueStore.getState();
      // An event may have brought the record meanwhile: then the card is fine as it is.
      if (store.jobs[id]?.record) return;
      if (isGone(err)) useQueueStore.setState(removeJobs(store, [id]));
      else store.markUnreadable(id);
    },
  );
}

function isGone(err: unknown): boolean {
  return err instanceof BridgeError && (err.error.code === 'not_in_library' || err.error.code === 'not_found');
}

/**
 * Subscribes before loading the recent list, so no event falls between the two; the reducer makes
 * the order they land in harmless. Returns a function that unsubscribes everything.
 */
export function startQueueSync(onError: (err: unknown) => void = () => {}): () => void {
  const store = useQueueStore.getState();
  const asked = new Set<string>();
  const handle = (event: JobEvent): void => {
    store.apply(event);
    // Events that change the stored record (prompt, images, seed, retry plan) carry its view.
    if ('view' in event.payload && event.payload.view) store.merge(event.payload.view);
    const job = useQueueStore.getState().jobs[event.payload.generationId];
    if (job && !job.record && isLoaded()) fetchMissingRecord(job.id, asked);
  };
  // Until the recent list is in, it may still bring the record: ask only after it answered.
  const isLoaded = (): boolean => useQueueStore.getState().isLoaded;
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
  const fetchStillMissing = (): void => {
    const { order, jobs } = useQueueStore.getState();
    for (const id of order) if (!jobs[id]!.record) fetchMissingRecord(id, asked);
  };
  call('generation.recent', { limit: RECENT_LIMIT }).then(
    (views) => {
      store.mergeAll(views);
      fetchStillMissing();
    },
    (err: unknown) => {
      useQueueStore.setState({ isLoaded: true });
      onError(err);
    },
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
