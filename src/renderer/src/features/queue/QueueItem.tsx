import { describeError, nextStepForError, type ErrorValue, type NextStep } from '../../../../shared/errors';
import { MODELS, isModelId } from '../../../../shared/models';
import { Button } from '../../components/Button';
import { formatElapsed, formatSize, truncate } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { cancelJob, editJobPrompt, openInGallery, openSettings, retryJob } from './queue-actions';
import { elapsedMs, isActiveStatus, overallProgress, type QueueJob } from './queue-reducer';
import { queueStrings } from './strings';
import { startImageDrag } from '../studio/image-drag';

const PROMPT_PREVIEW_CHARS = 90;

/** The service's own words and code behind a disclosure, copyable for a bug report. */
function ErrorDetails({ error }: { error: ErrorValue }) {
  const t = useT(queueStrings);
  const facts = [
    error.upstreamCode && `${t('errorCode')}: ${error.upstreamCode}`,
    error.httpStatus && `HTTP ${error.httpStatus}`,
    error.field && `${t('errorField')}: ${error.field}`,
  ].filter(Boolean);
  if (!error.detail && facts.length === 0) return null;
  const text = [error.detail, ...facts].filter(Boolean).join('\n');
  return (
    <details className="job-error-details" data-testid="job-error-details">
      <summary>{t('errorDetails')}</summary>
      <pre data-testid="job-error-detail">{text}</pre>
      <Button size="sm" variant="ghost" onClick={() => void navigator.clipboard?.writeText(text)}>
        {t('copyDetails')}
      </Button>
    </details>
  );
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

function WaitingLine({ job, now }: { job: QueueJob; now: number }) {
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

function modelShortName(model: string): string {
  return isModelId(model) ? MODELS[model].id.replace('wan2.7-', '') : model;
}

export function QueueItem({ job, now }: { job: QueueJob; now: number }) {
  const t = useT(queueStrings);
  const locale = useLocaleStore((s) => s.locale);
  const record = job.record;
  const isActive = isActiveStatus(job.status);
  const percent = overallProgress(job);
  // Nothing to measure yet (in line, or a sync request that reports no progress): show motion, not 0 %.
  const isWaiting = percent === 0 && (job.status === 'queued' || job.status === 'submitting');
  const prompt = record?.prompt ?? '';
  const showsError = job.error && (job.status === 'failed' || job.status === 'interrupted');

  return (
    <li className="job" data-testid="queue-item" data-status={job.status} data-generation-id={job.id}>
      <div className="job-head">
        <p className="job-prompt" title={prompt}>
          {prompt ? truncate(prompt, PROMPT_PREVIEW_CHARS) : <span className="muted">{t('untitled')}</span>}
        </p>
        <div className="job-state">
          <span className={`status status-${job.status}`} data-testid="job-status">
            {t(`status_${job.status}`)}
          </span>
          <span className="job-elapsed" data-testid="job-elapsed">
            {t('elapsed', { time: formatElapsed(elapsedMs(job, now)) })}
          </span>
        </div>
      </div>

      {record && (
        <p className="job-meta">
          <span>{modelShortName(record.model)}</span>
          <span>{formatSize(record.size)}</span>
          <span>{record.parameters.isSequential ? `${t('imageSet')} ≤${record.n}` : `×${record.n}`}</span>
          <span>{t('seed', { seed: record.seed })}</span>
        </p>
      )}

      {isActive && (
        <div className="job-progress-row">
          <div
            className="progress"
            role="progressbar"
            aria-label={t('progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={
              job.status === 'downloading' && job.download
                ? t('saving', { received: job.download.received, total: job.download.total })
                : `${percent}%`
            }
          >
            <div
              className={isWaiting ? 'progress-fill is-waiting' : 'progress-fill'}
              style={{ width: `${percent}%` }}
            />
          </div>
          <span className="progress-value">{percent}%</span>
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
      )}

      <WaitingLine job={job} now={now} />

      {job.images.length > 0 && (
        <ul className="job-thumbs" data-testid="job-thumbs">
          {job.images.map((image) => (
            <li key={image.id}>
              <button
                type="button"
                className="job-thumb"
                data-testid="job-thumb"
                data-image-id={image.id}
                aria-label={t('openImage', {
                  index: image.index + 1,
                  total: job.images.length,
                  prompt: truncate(image.prompt, 40),
                })}
                title={t('openImageHint')}
                onClick={() => void openInGallery(image)}
                draggable
                onDragStart={(e) => startImageDrag(e, [image.id])}
              >
                {/* The button's label names the image; the picture itself adds nothing to hear. */}
                <img
                  src={image.thumbUrl ?? image.url}
                  alt=""
                  width={image.width}
                  height={image.height}
                  loading="lazy"
                  decoding="async"
                />
              </button>
            </li>
          ))}
        </ul>
      )}

      {showsError && job.error && (
        <div className="job-error-row">
          <p className="job-error" data-testid="job-error" data-code={job.error.code}>
            {describeError(job.error, locale)}
          </p>
          <NextStepButton step={nextStepForError(job.error)} job={job} />
        </div>
      )}
      {showsError && job.error && <ErrorDetails error={job.error} />}
    </li>
  );
}
