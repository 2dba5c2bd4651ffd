import type { ExportView } from '../../../../shared/export-types';
import { describeError, detailWorthShowing } from '../../../../shared/errors';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { showToast } from '../../components/toast-store';
import { formatBytes } from '../../lib/format';
import { translate, useLocaleStore, useT } from '../../lib/i18n';
import { isResumable, progressOf, useExportStore } from './export-store';
import { EXPORT_STATUS_KEYS, exportStrings } from './strings';

// One export run in the dialog: a progress view while it runs, then what it did and what next.

export async function copyPath(path: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(path);
    showToast('success', translate(exportStrings, 'pathCopied'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    showToast('error', translate(exportStrings, 'copyFailed', { reason }));
  }
}

/** The folder as text with a copy button: what browser mode offers instead of opening it. */
export function FolderPath({ path, note }: { path: string; note?: string }) {
  const t = useT(exportStrings);
  return (
    <div className="export-folder-path" data-testid="export-folder-path">
      {note && <p className="field-hint">{note}</p>}
      <div className="export-folder-row">
        <code className="mono" data-testid="export-folder-text">
          {path}
        </code>
        <Button size="sm" variant="ghost" data-testid="export-copy-path" onClick={() => void copyPath(path)}>
          {t('copyPath')}
        </Button>
      </div>
    </div>
  );
}

export function ExportProgress({ view }: { view: ExportView }) {
  const t = useT(exportStrings);
  const locale = useLocaleStore((s) => s.locale);
  const currentFile = useExportStore((s) => s.currentFile);
  const cancel = useExportStore((s) => s.cancel);
  const close = useExportStore((s) => s.close);
  const number = new Intl.NumberFormat(locale);
  const handled = view.done + view.skipped + view.failed;
  return (
    <div className="export-run" data-testid="export-progress">
      <ProgressBar value={progressOf(view)} label={t('progressLabel')} />
      <p className="export-count" data-testid="export-progress-count">
        {t('progress', { done: number.format(handled), total: number.format(view.total) })}
        {view.failed > 0 && (
          <span className="export-failed-note">
            {' '}
            · {t('failed')} {number.format(view.failed)}
          </span>
        )}
      </p>
      <p className="export-current mono" title={currentFile ?? undefined}>
        {currentFile ? t('currentFile', { file: currentFile }) : t('preparing')}
      </p>
      <footer className="export-foot">
        <span className="export-foot-spacer" />
        <Button variant="ghost" data-testid="export-hide" onClick={close}>
          {t('hide')}
        </Button>
        <Button variant="danger" data-testid="export-cancel" onClick={() => void cancel(view.id)}>
          {t('stop')}
        </Button>
      </footer>
    </div>
  );
}

export function ExportSummary({ view }: { view: ExportView }) {
  const t = useT(exportStrings);
  const locale = useLocaleStore((s) => s.locale);
  const close = useExportStore((s) => s.close);
  const openFolder = useExportStore((s) => s.openFolder);
  const resume = useExportStore((s) => s.resume);
  const isFolderShown = useExportStore((s) => s.folderShownFor === view.id);
  const isBusy = useExportStore((s) => s.isBusy);
  const number = new Intl.NumberFormat(locale);
  const rows = [
    { key: 'written', label: t('written'), value: number.format(view.done), hint: undefined },
    { key: 'skipped', label: t('skipped'), value: number.format(view.skipped), hint: t('skippedHint') },
    { key: 'failed', label: t('failed'), value: number.format(view.failed), hint: undefined },
    { key: 'bytes', label: t('size'), value: formatBytes(view.bytes, locale), hint: undefined },
  ];
  return (
    <div className="export-run" data-testid="export-summary" data-status={view.status}>
      <h3 className={`export-status is-${view.status}`} data-testid="export-status">
        {t(EXPORT_STATUS_KEYS[view.status])}
      </h3>
      {view.error && (
        <p className="field-error" role="alert">
          {describeError(view.error, locale)}
          {detailWorthShowing(view.error) && <span className="export-error-detail"> ({view.error.detail})</span>}
        </p>
      )}
      <dl className="export-totals">
        {rows.map((row) => (
          <div key={row.key} className={`export-total is-${row.key}`} title={row.hint}>
            <dt>{row.label}</dt>
            <dd data-testid={`export-${row.key}`}>{row.value}</dd>
          </div>
        ))}
      </dl>
      {isFolderShown ? (
        <FolderPath path={view.destination} note={t('folderNotOpened')} />
      ) : (
        <p className="export-destination mono" title={view.destination}>
          {view.destination}
        </p>
      )}
      <footer className="export-foot">
        {isResumable(view) && (
          <Button
            data-testid="export-resume"
            title={t('resumeHint')}
            disabled={isBusy}
            onClick={() => void resume(view.id)}
          >
            {t('resume')}
          </Button>
        )}
        <span className="export-foot-spacer" />
        <Button data-testid="export-open-folder" disabled={isBusy} onClick={() => void openFolder(view.id)}>
          {t('openFolder')}
        </Button>
        <Button variant="primary" data-testid="export-close" onClick={close}>
          {t('close')}
        </Button>
      </footer>
    </div>
  );
}
