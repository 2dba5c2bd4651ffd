import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUEUE,
  applyJobEvent,
  elapsedMs,
  mergeView,
  removeJobs,
  reopenJob,
  type JobEvent,
  type QueueData,
} from '../../../src/renderer/src/features/queue/queue-reducer';
import { jobProgress, progressFraction } from '../../../src/renderer/src/features/queue/queue-progress';
import { makeView } from './fixtures';

function run(events: JobEvent[], start: QueueData = EMPTY_QUEUE): QueueData {
  return events.reduce((data, event, i) => applyJobEvent(data, event, 10_000 + i * 1000), start);
}

const id = 'gen-1';

describe('queue reducer', () => {
  it('follows a job from queued to done', () => {
    const data = run([
      { name: 'generation.queued', payload: { generationId: id } },
      { name: 'generation.submitted', payload: { generationId: id, taskId: 't1' } },
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 40 } },
      { name: 'generation.downloading', payload: { generationId: id, received: 1, total: 2 } },
    ]);
    const job = data.jobs[id]!;
    expect(job.status).toBe('downloading');
    expect(jobProgress(job)).toEqual({ kind: 'saving', received: 1, total: 2 });
    expect(progressFraction(jobProgress(job)!)).toBe(0.5);
    const done = run([{ name: 'generation.finished', payload: { generationId: id, imageIds: ['a'] } }], data);
    expect(done.jobs[id]).toMatchObject({ status: 'done', finishedAt: 10_000, download: null });
    expect(jobProgress(done.jobs[id]!)).toBeNull();
  });

  it('shows stages honestly: no number until one is known, then the task’s own percentage', () => {
    const queued = run([{ name: 'generation.queued', payload: { generationId: id } }]);
    expect(jobProgress(queued.jobs[id]!)).toEqual({ kind: 'waiting' });
    const sent = run([{ name: 'generation.submitted', payload: { generationId: id, taskId: 't' } }], queued);
    // A task that reports nothing yet is "generating", with an indeterminate bar — not 0 %.
    expect(jobProgress(sent.jobs[id]!)).toEqual({ kind: 'generating', percent: null });
    expect(progressFraction(jobProgress(sent.jobs[id]!)!)).toBeNull();
    const half = run(
      [{ name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 50 } }],
      sent,
    );
    expect(jobProgress(half.jobs[id]!)).toEqual({ kind: 'generating', percent: 50 });
    expect(progressFraction(jobProgress(half.jobs[id]!)!)).toBe(0.5);
  });

  it('never moves back: a late progress event after finishing changes nothing', () => {
    const data = run([
      { name: 'generation.finished', payload: { generationId: id, imageIds: [] } },
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 10 } },
    ]);
    expect(data.jobs[id]!.status).toBe('done');
  });

  it('does not let progress shrink', () => {
    const data = run([
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 70 } },
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 30 } },
    ]);
    expect(data.jobs[id]!.progress).toBe(70);
  });

  it('turns a canceled failure into the canceled status and keeps other errors as failed', () => {
    const canceled = run([
      {
        name: 'generation.failed',
        payload: { generationId: id, error: { code: 'canceled', message: 'x', isRetryable: false } },
      },
    ]);
    expect(canceled.jobs[id]!.status).toBe('canceled');
    const failed = run([
      {
        name: 'generation.failed',
        payload: { generationId: 'g2', error: { code: 'auth', message: 'x', isRetryable: false } },
      },
    ]);
    expect(failed.jobs.g2).toMatchObject({ status: 'failed', error: { code: 'auth' } });
  });

  it('a stale fetch answer does not undo an event that came after it', () => {
    const data = run([
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 60 } },
    ]);
    const merged = mergeView(data, makeView({ id, status: 'queued', progress: 0 }));
    expect(merged.jobs[id]).toMatchObject({ status: 'polling', progress: 60 });
    expect(merged.jobs[id]!.record?.prompt).toBe('一只在雨夜霓虹街头的橘猫');
  });

  it('a fetched finished view brings its images and final error state', () => {
    const data = run([{ name: 'generation.queued', payload: { generationId: id } }]);
    const merged = mergeView(data, makeView({ id, status: 'done', progress: 100, finishedAt: 5_000 }, 2));
    expect(merged.jobs[id]).toMatchObject({ status: 'done', finishedAt: 5_000 });
    expect(merged.jobs[id]!.images).toHaveLength(2);
  });

  it('orders jobs newest first by creation time', () => {
    let data = mergeView(EMPTY_QUEUE, makeView({ id: 'old', createdAt: 1 }));
    data = mergeView(data, makeView({ id: 'new', createdAt: 3 }));
    data = mergeView(data, makeView({ id: 'mid', createdAt: 2 }));
    expect(data.order).toEqual(['new', 'mid', 'old']);
    expect(removeJobs(data, ['mid']).order).toEqual(['new', 'old']);
  });

  it('counts elapsed time to now while active and to finishedAt once final', () => {
    const active = mergeView(EMPTY_QUEUE, makeView({ id, status: 'polling', createdAt: 1_000 })).jobs[id]!;
    expect(elapsedMs(active, 8_000)).toBe(7_000);
    const done = mergeView(EMPTY_QUEUE, makeView({ id, status: 'done', createdAt: 1_000, finishedAt: 4_000 })).jobs[
      id
    ]!;
    expect(elapsedMs(done, 99_000)).toBe(3_000);
  });

  it('shows a create waiting its turn, and clears it once the job moves on', () => {
    const waiting = { reason: 'slot' as const, nextTryAt: 12_000, deadlineAt: 99_000 };
    const data = run([
      { name: 'generation.queued', payload: { generationId: id } },
      { name: 'generation.waiting', payload: { generationId: id, waiting } },
    ]);
    expect(data.jobs[id]).toMatchObject({ status: 'queued', waiting });
    const moved = run([{ name: 'generation.submitted', payload: { generationId: id, taskId: 't' } }], data);
    expect(moved.jobs[id]).toMatchObject({ status: 'polling', waiting: null });
    const late = run([{ name: 'generation.waiting', payload: { generationId: id, waiting } }], {
      ...moved,
      jobs: { [id]: { ...moved.jobs[id]!, status: 'done' } },
    });
    expect(late.jobs[id]).toMatchObject({ status: 'done', waiting: null });
  });

  it('a retry reopens a failed job, which then follows its events again', () => {
    const failed = mergeView(EMPTY_QUEUE, {
      ...makeView({ id, status: 'failed', error: { code: 'expired', message: 'x', detail: null } }),
      retry: { action: 'download', costsNewImage: false },
    });
    expect(failed.jobs[id]).toMatchObject({ status: 'failed', retry: { action: 'download', costsNewImage: false } });
    // Without the reopen, a final status is never undone by a late event.
    const ignored = run(
      [{ name: 'generation.downloading', payload: { generationId: id, received: 0, total: 1 } }],
      failed,
    );
    expect(ignored.jobs[id]!.status).toBe('failed');
    const reopened = reopenJob(failed, id, 'downloading');
    expect(reopened.jobs[id]).toMatchObject({ status: 'downloading', error: null, retry: null });
    const done = run([{ name: 'generation.finished', payload: { generationId: id, imageIds: ['a'] } }], reopened);
    expect(done.jobs[id]!.status).toBe('done');
  });

  it('a retry keeps one card when the events come before the reply (the desktop app)', () => {
    // Failed at 5 000 (main's clock); the retry resets the record at 20 000 and sends it again.
    const failed = mergeView(
      EMPTY_QUEUE,
      makeView({
        id,
        status: 'failed',
        updatedAt: 5_000,
        finishedAt: 5_000,
        error: { code: 'server', message: 'x', detail: null },
      }),
    );
    const requeued = makeView({ id, status: 'queued', updatedAt: 20_000 });
    let data = mergeView(
      applyJobEvent(failed, { name: 'generation.queued', payload: { generationId: id, view: requeued } }, 20_001),
      requeued,
    );
    expect(data.order).toEqual([id]);
    expect(data.jobs[id]).toMatchObject({ status: 'queued', error: null, finishedAt: null });
    data = applyJobEvent(data, { name: 'generation.submitted', payload: { generationId: id, taskId: 't' } }, 20_002);
    expect(data.jobs[id]!.status).toBe('polling');
    const done = makeView({ id, status: 'done', updatedAt: 21_000, finishedAt: 21_000 }, 1);
    data = mergeView(
      applyJobEvent(
        data,
        { name: 'generation.finished', payload: { generationId: id, imageIds: ['a'], view: done } },
        21_001,
      ),
      done,
    );
    // The reply comes last: reopening what is already done changes nothing.
    data = mergeView(reopenJob(data, id, 'queued'), done);
    expect(data.order).toEqual([id]);
    expect(data.jobs[id]).toMatchObject({ status: 'done', images: [{ id: `${id}-img-0` }] });
  });

  it('a retry keeps one card when the reply comes before the events (browser mode)', () => {
    const failed = mergeView(
      EMPTY_QUEUE,
      makeView({
        id,
        status: 'failed',
        updatedAt: 5_000,
        finishedAt: 5_000,
        error: { code: 'server', message: 'x', detail: null },
      }),
    );
    let data = mergeView(reopenJob(failed, id, 'queued'), makeView({ id, status: 'queued', updatedAt: 20_000 }));
    data = applyJobEvent(data, { name: 'generation.queued', payload: { generationId: id } }, 20_010);
    data = applyJobEvent(
      data,
      {
        name: 'generation.failed',
        payload: { generationId: id, error: { code: 'server', message: 'again', isRetryable: false } },
      },
      20_020,
    );
    expect(data.order).toEqual([id]);
    expect(data.jobs[id]).toMatchObject({ status: 'failed', error: { message: 'again' } });
  });

  it('a stale view from before the failure does not reopen it', () => {
    const failed = run([
      {
        name: 'generation.failed',
        payload: { generationId: id, error: { code: 'server', message: 'x', isRetryable: false } },
      },
    ]);
    const stale = mergeView(failed, makeView({ id, status: 'polling', updatedAt: 9_000 }));
    expect(stale.jobs[id]!.status).toBe('failed');
  });

  it('removes one card, and a late event or stale fetch does not bring it back; a retry of it does', () => {
    let data = mergeView(EMPTY_QUEUE, makeView({ id: 'a', status: 'done', createdAt: 1, updatedAt: 1_000 }, 1));
    data = mergeView(data, makeView({ id: 'b', status: 'failed', createdAt: 2, updatedAt: 1_000 }));
    data = removeJobs(data, ['b'], 2_000);
    expect(data.order).toEqual(['a']);
    data = applyJobEvent(
      data,
      { name: 'generation.progressed', payload: { generationId: 'b', status: 'polling', progress: 5 } },
      2_100,
    );
    data = mergeView(data, makeView({ id: 'b', status: 'failed', createdAt: 2, updatedAt: 1_000 }));
    expect(data.order).toEqual(['a']);
    data = mergeView(data, makeView({ id: 'b', status: 'queued', createdAt: 2, updatedAt: 3_000 }));
    expect(data.order).toEqual(['b', 'a']);
  });

  it('never lets an imported record into the queue', () => {
    const imported = makeView(
      { id: 'imp', status: 'done', providerProfile: 'import', model: 'unknown', prompt: '' },
      1,
    );
    expect(mergeView(EMPTY_QUEUE, imported)).toEqual(EMPTY_QUEUE);
    // Even a card that an event made first is dropped once its record says it is an import.
    const placeholder = run([{ name: 'generation.finished', payload: { generationId: 'imp', imageIds: [] } }]);
    expect(mergeView(placeholder, imported).order).toEqual([]);
  });
});
