import { describeError } from '../../../../shared/errors';
import { MODELS, isModelId } from '../../../../shared/models';
import { IconButton } from '../../components/Button';
import { CloseIcon } from '../../components/icons';
import { formatElapsed, formatSize, truncate } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { startImageDrag } from '../studio/image-drag';
import { ErrorDetails, ErrorNextStep, ProgressRow, WaitingLine } from './JobParts';
import { openInGallery } from './queue-actions';
import { elapsedMs, isActiveStatus, type QueueJob } from './queue-reducer';
import { useQueueStore } from './queue-store';
import { queueStrings } from './strings';

const PROMPT_PREVIEW_CHARS = 90;

function modelShortName(model: string): string {
  return isModelId(model) ? MODELS[model].id.replace('wan2.7-', '') : model;
}

const removeCard = (id: string): void => useQueueStore.getState().remove(id);

export function QueueItem({ job, now }: { job: QueueJob; now: number }) {
  const t = useT(queueStrings);
  const locale = useLocaleStore((s) => s.locale);
  const record = job.record;
  const isActive = isActiveStatus(job.status);
  const prompt = record?.prompt ?? '';
  const showsError = job.error && (job.status === 'failed' || job.status === 'interrupted');

  return (
    <li className="job" data-testid="queue-item" data-status={job.status} data-generation-id={job.id}>
      <div className="job-head">
        <p className="job-prompt" title={prompt}>
          {prompt ? (
            truncate(prompt, PROMPT_PREVIEW_CHARS)
          ) : (
            // Without its record the card says so; a record with no prompt is not "loading".
            <span className="muted">{record ? t('noPrompt') : job.isUnreadable ? t('unreadable') : t('untitled')}</span>
          )}
        </p>
        <div className="job-state">
          <span className={`status status-${job.status}`} data-testid="job-status">
            {t(`status_${job.status}`)}
          </span>
          <span className="job-elapsed" data-testid="job-elapsed">
            {t('elapsed', { time: formatElapsed(elapsedMs(job, now)) })}
          </span>
        </div>
        {(!isActive || job.isUnreadable) && (
          <IconButton
            size="sm"
            className="job-remove"
            icon={<CloseIcon size={14} />}
            label={t('removeCard')}
            title={t('removeCardHint')}
            data-testid="job-remove"
            onClick={() => removeCard(job.id)}
          />
        )}
      </div>

      {record && (
        <p className="job-meta">
          <span>{modelShortName(record.model)}</span>
          <span>{formatSize(record.size)}</span>
          <span>{record.parameters.isSequential ? `${t('imageSet')} ≤${record.n}` : `×${record.n}`}</span>
          <span>{t('seed', { seed: record.seed })}</span>
        </p>
      )}

      {isActive && <ProgressRow job={job} elapsedMs={elapsedMs(job, now)} />}

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
          <ErrorNextStep error={job.error} job={job} />
        </div>
      )}
      {showsError && job.error && <ErrorDetails error={job.error} />}
    </li>
  );
}
