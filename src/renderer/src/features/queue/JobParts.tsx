import { nextStepForError, type ErrorValue, type NextStep } from '../../../../shared/errors';
import { Button } from '../../components/Button';
import { ErrorDetails as SharedErrorDetails } from '../../components/ErrorDetails';
import { formatElapsed } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { cancelJob, editJobPrompt, openSettings, retryJob } from './queue-actions';
import { jobProgress, progressFraction } from './queue-progress';
import type { QueueJob } from './queue-reducer';
import { queueStrings } from './strings';

// The parts of a queue card below its head: progress, the waiting note, and what to do after a failure.

/** The service's own words and code behind a disclosure (kept under its queue test ids). */
export function ErrorDetails({ error }: { error: ErrorValue }) {
  return <SharedErrorDetails error={error} testId="job-error-details" />;
}

function RetryButton({ job }: { job: QueueJob }) {
  const t = useT(queueStrings);
  const costs = job.retry?.costsNewImage;
  const label = costs === undefined ? t('retry') : costs ? t('retryBilled') : t('retryFree');
  const hint = job.retry ? t(`retryHint_${job.retry.action}`) : undefined;
  return (
    <Button
      size="sm"
      data-testid="job-next-step"
      data-step="retry"
      data-retry-action={job.retry?.action}
      title={hint}
      aria-description={hint}
      onClick={() => void retryJob(job.id)}
    >
      {label}
    </Button>
  );
}

export function WaitingLine({ job, now }: { job: QueueJob; now: number }) {
  const t = useT(queueStrings);
  if (!job.waiting || job.status !== 'queued') return null;
  const seconds = Math.max(0, Math.ceil((job.waiting.nextTryAt - now) / 1000));
  const until = new Date(job.waiting.deadlineAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return (
    <p className="job-waiting" data-testid="job-waiting" data-reason={job.waiting.reason} role="status">
      {t(job.waiting.reason === 'slot' ? 'waitingSlot' : 'waitingRate', { seconds, until })}
    </p>
  );
}

function NextStepButton({ step, job }: { step: NextStep; job: QueueJob }) {
  const generationId = job.id;
  const t = useT(queueStrings);
  if (step === 'open_settings')
    return (
      <Button size="sm" data-testid="job-next-step" data-step={step} onClick={openSettings}>
        {t('openSettings')}
      </Button>
    );
  if (step === 'edit_prompt' || step === 'edit_request')
    return (
      <Button size="sm" data-testid="job-next-step" data-step={step} onClick={() => void editJobPrompt(generationId)}>
        {step === 'edit_prompt' ? t('editPrompt') : t('editRequest')}
      </Button>
    );
  if (step === 'retry' || step === 'wait') return <RetryButton job={job} />;
  // A job that stopped for a cause retrying cannot mend still offers to continue when it can.
  if (job.retry) return <RetryButton job={job} />;
  return null;
}

/** The next step an error calls for, as a button (none when there is nothing to do). */
export function ErrorNextStep({ error, job }: { error: ErrorValue; job: QueueJob }) {
  return <NextStepButton step={nextStepForError(error)} job={job} />;
}

/**
 * The stage as it is: an indeterminate bar while nothing can be measured (waiting, sending, a
 * task that reports no progress), a filled one only for the task's own percentage or images saved.
 */
export function ProgressRow({ job, elapsedMs }: { job: QueueJob; elapsedMs: number }) {
  const t = useT(queueStrings);
  const progress = jobProgress(job);
  if (!progress) return null;
  const fraction = progressFraction(progress);
  const time = formatElapsed(elapsedMs);
  const sentence =
    progress.kind === 'waiting'
      ? t('stageWaiting')
      : progress.kind === 'sending'
        ? t('stageSending')
        : progress.kind === 'generating'
          ? progress.percent === null
            ? t('stageGenerating', { time })
            : t('stageGeneratingPercent', { percent: progress.percent, time })
          : t('saving', { received: progress.received, total: progress.total });
  const value =
    progress.kind === 'generating' && progress.percent !== null
      ? `${progress.percent}%`
      : progress.kind === 'saving' && progress.total > 0
        ? `${progress.received}/${progress.total}`
        : '';
  return (
    <div className="job-progress-row">
      <div
        className="progress"
        role="progressbar"
        data-testid="job-progress"
        data-stage={progress.kind}
        data-indeterminate={fraction === null}
        aria-label={t('progress')}
        aria-valuemin={fraction === null ? undefined : 0}
        aria-valuemax={fraction === null ? undefined : 100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
        aria-valuetext={sentence}
      >
        <div
          className={fraction === null ? 'progress-fill is-indeterminate' : 'progress-fill'}
          style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }}
        />
      </div>
      <span className="progress-value" data-testid="job-progress-value">
        {value}
      </span>
      <Button
        size="sm"
        variant="ghost"
        aria-label={t('cancelJob')}
        data-testid="job-cancel"
        onClick={() => void cancelJob(job.id)}
      >
        {t('cancel')}
      </Button>
    </div>
  );
}
