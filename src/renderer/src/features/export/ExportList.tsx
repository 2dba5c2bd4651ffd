import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { useLocaleStore, useT } from '../../lib/i18n';
import { isResumable, progressOf, useExportStore } from './export-store';
import { EXPORT_STATUS_KEYS, exportStrings } from './strings';

// Recent exports, newest first, each with what it did; unfinished ones can be resumed from here
// (after a quit, an export left behind shows up as interrupted).

function ExportRow({ exportId }: { exportId: string }) {
  const t = useT(exportStrings);
  const locale = useLocaleStore((s) => s.locale);
  // The live view (from events) when there is one; the list's copy otherwise.
  const view = useExportStore((s) => s.views[exportId] ?? s.recent.find((r) => r.id === exportId));
  const resume = useExportStore((s) => s.resume);
  const showExport = useExportStore((s) => s.showExport);
  const isBusy = useExportStore((s) => s.isBusy);
  if (!view) return null;
  const number = new Intl.NumberFormat(locale);
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(view.createdAt);
  const handled = view.done + view.skipped + view.failed;
  return (
    <li className="export-row" data-testid="export-row" data-status={view.status}>
      <div className="export-row-main">
        <span className={`pill export-pill is-${view.status}`}>{t(EXPORT_STATUS_KEYS[view.status])}</span>
        <span className="export-row-path mono" title={view.destination}>
          {view.destination}
        </span>
        <span className="export-row-meta">
          {t('listRow', { done: number.format(handled), total: number.format(view.total), when })}
        </span>
        {view.status === 'running' && <ProgressBar value={progressOf(view)} isSmall />}
      </div>
      <div className="export-row-actions">
        {isResumable(view) && (
          <Button size="sm" data-testid="export-row-resume" disabled={isBusy} onClick={() => void resume(view.id)}>
            {t('resume')}
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => showExport(view.id)}>
          {t('viewExport')}
        </Button>
      </div>
    </li>
  );
}

export function ExportList() {
  const t = useT(exportStrings);
  const recent = useExportStore((s) => s.recent);
  const hasRequest = useExportStore((s) => s.request !== null);
  const loadRecent = useExportStore((s) => s.loadRecent);
  const backToForm = useExportStore((s) => s.backToForm);
  const close = useExportStore((s) => s.close);
  useEffect(() => void loadRecent(), [loadRecent]);
  return (
    <div className="export-list" data-testid="export-list">
      {recent.length === 0 ? (
        <p className="field-hint">{t('noExports')}</p>
      ) : (
        <ul className="export-rows">
          {recent.map((view) => (
            <ExportRow key={view.id} exportId={view.id} />
          ))}
        </ul>
      )}
      <footer className="export-foot">
        {hasRequest && (
          <Button variant="ghost" onClick={backToForm}>
            {t('back')}
          </Button>
        )}
        <span className="export-foot-spacer" />
        <Button variant="primary" onClick={close}>
          {t('close')}
        </Button>
      </footer>
    </div>
  );
}
