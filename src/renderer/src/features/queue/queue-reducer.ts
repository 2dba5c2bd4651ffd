import type { EventPayload, GenerationView, ImageView, RetryPlanView } from '../../../../shared/contract';
import type { ErrorValue } from '../../../../shared/errors';
import {
  ACTIVE_STATUSES,
  type GenerationRecord,
  type GenerationStatus,
  type GenerationWaiting,
} from '../../../../shared/library-types';
import { isImported } from '../../../../shared/rerun-rule';

// The queue as plain data: jobs keyed by generation id, newest first. Events and fetched views
// both fold in here; pure functions so ordering rules are tested without a window.

export const JOB_EVENTS = [
  'generation.queued',
  'generation.waiting',
  'generation.submitted',
  'generation.progressed',
  'generation.downloading',
  'generation.finished',
  'generation.failed',
] as const;
export type JobEventName = (typeof JOB_EVENTS)[number];
export type JobEvent = { [E in JobEventName]: { name: E; payload: EventPayload<E> } }[JobEventName];

export type QueueJob = {
  id: string;
  status: GenerationStatus;
  /** Upstream's task progress, 0–100. */
  progress: number;
  download: { received: number; total: number } | null;
  createdAt: number;
  finishedAt: number | null;
  error: ErrorValue | null;
  images: ImageView[];
  /** The stored record once fetched; null while only events have been seen. */
  record: GenerationRecord | null;
  /** A create waiting its turn at the provider: why, and when it tries next. */
  waiting: GenerationWaiting | null;
  /** For a stopped job: what Retry would do, and whether it bills a new image. */
  retry: RetryPlanView | null;
  /** Its record could not be read (only events were seen): the card says so instead of "loading". */
  isUnreadable: boolean;
};

export type QueueData = {
  order: string[];
  jobs: Record<string, QueueJob>;
  /**
   * Cards the person removed, with when: a late event or fetch for one of them does not bring it
   * back; only a record changed after that (a retry, say) does.
   */
  removed: Record<string, number>;
};
export const EMPTY_QUEUE: QueueData = { order: [], jobs: {}, removed: {} };

export function isActiveStatus(status: GenerationStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

// Events and fetches race: a fetch sent before an event may answer after it. A job therefore
// never moves back to an earlier stage, and a final status is never undone by an active one.
const STAGE: Record<GenerationStatus, number> = {
  queued: 0,
  submitting: 1,
  polling: 2,
  downloading: 3,
  done: 4,
  failed: 4,
  canceled: 4,
  interrupted: 4,
};

function laterStatus(current: GenerationStatus, incoming: GenerationStatus): GenerationStatus {
  if (!isActiveStatus(current)) return current;
  return STAGE[incoming] >= STAGE[current] ? incoming : current;
}

function placeholder(id: string, now: number): QueueJob {
  return {
    id,
    status: 'queued',
    progress: 0,
    download: null,
    createdAt: now,
    finishedAt: null,
    error: null,
    images: [],
    record: null,
    waiting: null,
    retry: null,
    isUnreadable: false,
  };
}

function upsert(data: QueueData, job: QueueJob): QueueData {
  const jobs = { ...data.jobs, [job.id]: job };
  const order = data.jobs[job.id] ? data.order : [job.id, ...data.order];
  // Newest first; a stable sort keeps arrival order between jobs created in the same millisecond.
  const sorted = [...order].sort((a, b) => jobs[b]!.createdAt - jobs[a]!.createdAt);
  const removed = job.id in data.removed ? withoutKey(data.removed, job.id) : data.removed;
  return { order: sorted, jobs, removed };
}

function withoutKey<V>(record: Record<string, V>, key: string): Record<string, V> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function statusForError(error: ErrorValue): GenerationStatus {
  if (error.code === 'canceled') return 'canceled';
  if (error.code === 'interrupted') return 'interrupted';
  return 'failed';
}

export function applyJobEvent(data: QueueData, event: JobEvent, now: number): QueueData {
  const id = event.payload.generationId;
  // A removed card stays gone; a retry of it comes back through the view its event carries.
  if (id in data.removed) return data;
  const job = data.jobs[id] ?? placeholder(id, now);
  const advance = (status: GenerationStatus, patch: Partial<QueueJob> = {}): QueueData => {
    const next = laterStatus(job.status, status);
    // A late event for a job already final changes nothing.
    if (next !== status) return data.jobs[id] ? data : upsert(data, job);
    return upsert(data, { ...job, waiting: null, ...patch, status });
  };
  switch (event.name) {
    case 'generation.queued':
      return data.jobs[id] ? data : upsert(data, job);
    case 'generation.waiting':
      // Back in line after a throttled create: it was 'submitting' a moment ago.
      return isActiveStatus(job.status)
        ? upsert(data, { ...job, status: 'queued', waiting: event.payload.waiting })
        : data;
    case 'generation.submitted':
      return advance('polling');
    case 'generation.progressed':
      return advance(event.payload.status, { progress: Math.max(job.progress, event.payload.progress) });
    case 'generation.downloading':
      return advance('downloading', {
        progress: 100,
        download: { received: event.payload.received, total: event.payload.total },
      });
    case 'generation.finished':
      return advance('done', { progress: 100, finishedAt: now, download: null });
    case 'generation.failed':
      return advance(statusForError(event.payload.error), { error: event.payload.error, finishedAt: now });
  }
}

function errorFromRecord(record: GenerationRecord): ErrorValue | null {
  if (!record.error) return null;
  return {
    code: record.error.code,
    message: record.error.message,
    ...(record.error.detail ? { detail: record.error.detail } : {}),
    isRetryable: false,
  };
}

/**
 * The stored record keeps the sentence and upstream's words; the failure event also said which
 * field was refused, upstream's code and the HTTP status. Keep those when both speak of one error.
 */
function withEventFacts(stored: ErrorValue | null, fromEvent: ErrorValue | null | undefined): ErrorValue | null {
  if (!stored || !fromEvent || fromEvent.code !== stored.code) return stored;
  const { field, upstreamCode, httpStatus } = fromEvent;
  return {
    ...stored,
    ...(field ? { field } : {}),
    ...(upstreamCode ? { upstreamCode } : {}),
    ...(httpStatus ? { httpStatus } : {}),
  };
}

/** When the card last became final, in the clock main's records use (the same machine's). */
function finalSince(job: QueueJob): number {
  return job.finishedAt ?? job.record?.updatedAt ?? Number.POSITIVE_INFINITY;
}

/**
 * A record written after the card went final is newer than anything the card shows: the job was
 * retried (same generation, same card) or restored. Older answers are stale and change nothing.
 */
function isRecordNewer(job: QueueJob, record: GenerationRecord): boolean {
  return !isActiveStatus(job.status) && record.status !== job.status && record.updatedAt > finalSince(job);
}

/**
 * Folds in a view fetched from main (generation.get / generation.recent) or carried by an event.
 * Imported records are library items, never jobs: they do not enter the queue.
 */
export function mergeView(data: QueueData, view: GenerationView): QueueData {
  const { generation: record, images } = view;
  if (isImported(record)) return data.jobs[record.id] ? removeJobs(data, [record.id]) : data;
  const removedAt = data.removed[record.id];
  if (removedAt !== undefined && record.updatedAt <= removedAt) return data;
  const existing = data.jobs[record.id];
  const isReopened = existing !== undefined && isRecordNewer(existing, record);
  const status = existing && !isReopened ? laterStatus(existing.status, record.status) : record.status;
  const isRecordCurrent = status === record.status;
  const previous = isReopened ? undefined : existing;
  return upsert(data, {
    id: record.id,
    status,
    progress: Math.max(previous?.progress ?? 0, record.progress, status === 'done' ? 100 : 0),
    download: isRecordCurrent ? null : (previous?.download ?? null),
    createdAt: record.createdAt,
    finishedAt: isRecordCurrent ? record.finishedAt : (previous?.finishedAt ?? null),
    error: isRecordCurrent ? withEventFacts(errorFromRecord(record), previous?.error) : (previous?.error ?? null),
    images: images.length > 0 ? images : (previous?.images ?? []),
    record,
    waiting: isRecordCurrent ? (record.waiting ?? null) : (previous?.waiting ?? null),
    retry: view.retry ?? null,
    isUnreadable: false,
  });
}

export function markUnreadable(data: QueueData, id: string): QueueData {
  const job = data.jobs[id];
  return job && !job.record ? upsert(data, { ...job, isUnreadable: true }) : data;
}

/**
 * A retried job starts over from the stage its retry continues at (its final status is undone
 * only here, on purpose): events that follow move it on as usual.
 */
export function reopenJob(data: QueueData, id: string, status: GenerationStatus): QueueData {
  const job = data.jobs[id];
  if (!job) return data;
  return upsert(data, { ...job, status, error: null, finishedAt: null, retry: null, waiting: null, download: null });
}

/** Drops cards (never images); with `now`, they stay removed until their record changes again. */
export function removeJobs(data: QueueData, ids: readonly string[], now?: number): QueueData {
  const drop = new Set(ids);
  const jobs = { ...data.jobs };
  const removed = { ...data.removed };
  for (const id of drop) {
    delete jobs[id];
    if (now !== undefined) removed[id] = now;
  }
  return { order: data.order.filter((id) => !drop.has(id)), jobs, removed };
}

export function elapsedMs(job: QueueJob, now: number): number {
  const end = isActiveStatus(job.status) ? now : (job.finishedAt ?? job.record?.updatedAt ?? now);
  return Math.max(0, end - job.createdAt);
}
