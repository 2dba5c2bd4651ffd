import type { BatchView } from '../../../../shared/batch/batch-types';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { useLocaleStore, useT } from '../../lib/i18n';
import { batchActions, progressOf } from './batch-progress';
import { controlBatch, showBatchInGallery, useBatchStore } from './batch-store';
import { batchStrings } from './strings';

// The recent batches, newest first, each with its one progress bar and counts, followed live
// through `batch.progressed`; a paused batch (or one a quit left) resumes from here.

const STATUS = {
  running: 'statusRunning',
  paused: 'statusPaused',
  canceled: 'statusCanceled',
  done: 'statusDone',
} as const satisfies Record<BatchView['status'], keyof typeof batchStrings>;

function BatchItem({ view }: { view: BatchView }) {
  const t = useT(batchStrings);
  const locale = useLocaleStore((s) => s.locale);
  const number = new Intl.NumberFormat(locale);
  const openGrid = useBatchStore((s) => s.openGrid);
  const p = progressOf(view);
  const can = batchActions(view);
  return (
    <li className="batch-item" data-testid="batch-item" data-batch-id={view.id} data-status={view.status}>
      <div className="batch-item-head">
        <span className="batch-item-name">{view.name}</span>
        <span className={`pill batch-status is-${view.status}`} data-testid="batch-status">
          {t(STATUS[view.status])}
        </span>
      </div>
      <ProgressBar value={p.fraction} label={t('progressLabel', { name: view.name })} />
      <p className="batch-counts" data-testid="batch-counts">
        {t('counts', {
          done: number.format(p.done),
          failed: number.format(p.failed),
          active: number.format(p.active),
          remaining: number.format(p.remaining),
          images: number.format(p.images),
        })}
      </p>
      <div className="batch-item-actions">
        {can.canPause && (
          <Button size="sm" data-testid="batch-pause" onClick={() => void controlBatch('pause', view.id)}>
            {t('pause')}
          </Button>
        )}
        {can.canResume && (
          <Button size="sm" data-testid="batch-resume" onClick={() => void controlBatch('resume', view.id)}>
            {t('resume')}
          </Button>
        )}
        {can.canCancel && (
          <Button
            size="sm"
            variant="ghost"
            data-testid="batch-cancel"
            onClick={() => void controlBatch('cancel', view.id)}
          >
            {t('cancel')}
          </Button>
        )}
        <Button size="sm" data-testid="batch-open-grid" onClick={() => void openGrid(view.id)}>
          {t('grid')}
        </Button>
        <Button size="sm" variant="ghost" data-testid="batch-show-gallery" onClick={() => showBatchInGallery(view.id)}>
          {t('showInGallery')}
        </Button>
      </div>
    </li>
  );
}

export function BatchList() {
  const t = useT(batchStrings);
  const batches = useBatchStore((s) => s.batches);
  if (batches.length === 0) return <p className="field-hint">{t('noBatches')}</p>;
  return (
    <ul className="batch-list" data-testid="batch-list" aria-label={t('recent')}>
      {batches.map((b) => (
        <BatchItem key={b.id} view={b} />
      ))}
    </ul>
  );
}
