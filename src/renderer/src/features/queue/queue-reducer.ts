import type { EventPayload, GenerationView, ImageView, RetryPlanView } from '../../../../shared/contract';
import type { ErrorValue } from '../../../../shared/errors';
import {
  ACTIVE_STATUSES,
  type GenerationRecord,
  type GenerationStatus,
  type GenerationWaiting,
} from '../../../../shared/library-types';

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
};

export type QueueData = { order: string[]; jobs: Record<string, QueueJob> };
export const EMPTY_QUEUE: QueueData = { order: [], jobs: {} };

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
  };
}

function upsert(data: QueueData, job: QueueJob): QueueData {
  const jobs = { ...data.jobs, [job.id]: job };
  const order = data.jobs[job.id] ? data.order : [job.id, ...data.order];
  // Newest first; a stable sort keeps arrival order between jobs created in the same millisecond.
  const sorted = [...order].sort((a, b) => jobs[b]!.createdAt - jobs[a]!.createdAt);
  return { order: sorted, jobs };
}

function statusForError(error: ErrorValue): GenerationStatus {
  if (error.code === 'canceled') return 'canceled';
  if (error.code === 'interrupted') return 'interrupted';
  return 'failed';
}

export function applyJobEvent(data: QueueData, event: JobEvent, now: number): QueueData {
  const id = event.payload.generationId;
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

/** Folds in a view fetched from main (generation.get / generation.recent). */
export function mergeView(data: QueueData, view: GenerationView): QueueData {
  const { generation: record, images } = view;
  const existing = data.jobs[record.id];
  const status = existing ? laterStatus(existing.status, record.status) : record.status;
  const isRecordCurrent = status === record.status;
  return upsert(data, {
    id: record.id,
    status,
    progress: Math.max(existing?.progress ?? 0, record.progress, status === 'done' ? 100 : 0),
    download: isRecordCurrent ? null : (existing?.download ?? null),
    createdAt: record.createdAt,
    finishedAt: isRecordCurrent ? record.finishedAt : (existing?.finishedAt ?? null),
    error: isRecordCurrent ? withEventFacts(errorFromRecord(record), existing?.error) : (existing?.error ?? null),
    images: images.length > 0 ? images : (existing?.images ?? []),
    record,
    waiting: isRecordCurrent ? (record.waiting ?? null) : (existing?.waiting ?? null),
    retry: view.retry ?? null,
  });
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

export function removeJobs(data: QueueData, ids: readonly string[]): QueueData {
  const drop = new Set(ids);
  const jobs = { ...data.jobs };
  for (const id of drop) delete jobs[id];
  return { order: data.order.filter((id) => !drop.has(id)), jobs };
}

/** Whole-job progress for the bar: upstream's task is 0–90 %, saving the images the last 10 %. */
export function overallProgress(job: QueueJob): number {
  if (job.status === 'done') return 100;
  if (job.status === 'downloading') {
    const total = job.download?.total ?? 0;
    const part = total > 0 ? (job.download?.received ?? 0) / total : 0;
    return Math.round(90 + 10 * part);
  }
  return Math.round(Math.min(100, Math.max(0, job.progress)) * 0.9);
}

export function elapsedMs(job: QueueJob, now: number): number {
  const end = isActiveStatus(job.status) ? now : (job.finishedAt ?? job.record?.updatedAt ?? now);
  return Math.max(0, end - job.createdAt);
}
