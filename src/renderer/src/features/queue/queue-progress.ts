import type { QueueJob } from './queue-reducer';

// What the bar may honestly say at each stage. Most tasks report no progress until they are
// done, so a made-up percentage would sit at 0 % and then jump: a stage with no measure shows
// motion and the elapsed time instead, and a number appears only where one is known — the
// task's own progress when upstream reports it, and images saved out of images to save.

export type JobProgress =
  | { kind: 'waiting' }
  | { kind: 'sending' }
  | { kind: 'generating'; percent: number | null }
  | { kind: 'saving'; received: number; total: number };

export function jobProgress(job: QueueJob): JobProgress | null {
  switch (job.status) {
    case 'queued':
      return { kind: 'waiting' };
    case 'submitting':
      return { kind: 'sending' };
    case 'polling': {
      // 0 and 100 say nothing about the middle: 0 is "no report yet", 100 comes with the results.
      const reported = job.progress > 0 && job.progress < 100 ? Math.round(job.progress) : null;
      return { kind: 'generating', percent: reported };
    }
    case 'downloading':
      return job.download && job.download.total > 0
        ? { kind: 'saving', received: job.download.received, total: job.download.total }
        : { kind: 'saving', received: 0, total: 0 };
    default:
      return null;
  }
}

/** The bar's fill, 0–1, or null for an indeterminate bar. */
export function progressFraction(progress: JobProgress): number | null {
  if (progress.kind === 'generating') return progress.percent === null ? null : progress.percent / 100;
  if (progress.kind === 'saving') return progress.total > 0 ? progress.received / progress.total : null;
  return null;
}
