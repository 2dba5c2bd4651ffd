import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { useNow } from '../../lib/use-now';
import { QueueItem } from './QueueItem';
import { isActiveStatus } from './queue-reducer';
import { useQueueStore } from './queue-store';
import { queueStrings } from './strings';
import './queue.css';

export function QueuePanel() {
  const t = useT(queueStrings);
  const jobs = useQueueStore(useShallow((s) => s.order.map((id) => s.jobs[id]!)));
  const isLoaded = useQueueStore((s) => s.isLoaded);
  const clearFinished = useQueueStore((s) => s.clearFinished);
  const activeCount = jobs.filter((job) => isActiveStatus(job.status)).length;
  // "Running" counts jobs at the provider; the rest of the active ones wait their turn.
  const waitingCount = jobs.filter((job) => job.status === 'queued').length;
  const runningCount = activeCount - waitingCount;
  const hasFinished = jobs.length > activeCount;
  // One clock for the whole panel, ticking only while something runs.
  const now = useNow(activeCount > 0);

  return (
    <aside className="queue" aria-labelledby="queue-title" data-testid="queue">
      <header className="queue-head">
        <h2 id="queue-title" className="queue-title">
          {t('title')}
          {activeCount > 0 && (
            <span className="queue-count" data-testid="queue-active-count">
              {waitingCount === 0
                ? t('activeCount', { count: runningCount })
                : runningCount === 0
                  ? t('waitingCount', { count: waitingCount })
                  : t('runningAndWaiting', { running: runningCount, waiting: waitingCount })}
            </span>
          )}
        </h2>
        {hasFinished && (
          <Button size="sm" variant="ghost" title={t('clearFinishedHint')} onClick={clearFinished}>
            {t('clearFinished')}
          </Button>
        )}
      </header>
      {jobs.length === 0 ? (
        <p className="queue-empty" data-testid="queue-empty">
          {isLoaded ? t('empty') : t('loading')}
        </p>
      ) : (
        <ul className="job-list" aria-label={t('jobsList')}>
          {jobs.map((job) => (
            <QueueItem key={job.id} job={job} now={now} />
          ))}
        </ul>
      )}
    </aside>
  );
}
