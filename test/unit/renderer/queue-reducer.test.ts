import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUEUE,
  applyJobEvent,
  elapsedMs,
  mergeView,
  overallProgress,
  removeJobs,
  reopenJob,
  type JobEvent,
  type QueueData,
} from '../../../src/renderer/src/features/queue/queue-reducer';
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
    expect(overallProgress(job)).toBe(95);
    const done = run([{ name: 'generation.finished', payload: { generationId: id, imageIds: ['a'] } }], data);
    expect(done.jobs[id]).toMatchObject({ status: 'done', finishedAt: 10_000, download: null });
    expect(overallProgress(done.jobs[id]!)).toBe(100);
  });

  it('maps upstream progress into the first 90 % of the bar', () => {
    const data = run([
      { name: 'generation.progressed', payload: { generationId: id, status: 'polling', progress: 50 } },
    ]);
    expect(overallProgress(data.jobs[id]!)).toBe(45);
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
});
