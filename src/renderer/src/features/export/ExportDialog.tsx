import { describeError, detailWorthShowing } from '../../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { Toaster } from '../../components/Toaster';
import { useLocaleStore, useT } from '../../lib/i18n';
import { ExportList } from './ExportList';
import { ExportOptionsForm } from './ExportOptionsForm';
import { ExportProgress, ExportSummary } from './ExportRun';
import { useExportStore } from './export-store';
import { exportStrings } from './strings';
import './export.css';

// The export dialog: options, then progress, then a summary; or the list of recent exports.
// Closing it while an export runs leaves the export running (a toast reports the end).

function StartError() {
  const t = useT(exportStrings);
  const locale = useLocaleStore((s) => s.locale);
  const error = useExportStore((s) => s.error);
  if (!error) return null;
  return (
    <p className="export-error" role="alert" data-testid="export-error">
      {/* A refused folder is already one sentence that names it and says why. */}
      {error.folderProblem ? describeError(error, locale) : t('actionFailed', { reason: describeError(error, locale) })}
      {detailWorthShowing(error) && <span className="export-error-detail"> ({error.detail})</span>}
    </p>
  );
}

function Body() {
  const phase = useExportStore((s) => s.phase);
  const request = useExportStore((s) => s.request);
  const view = useExportStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  if (phase === 'form' && request) return <ExportOptionsForm request={request} />;
  if (phase === 'running' && view) return <ExportProgress view={view} />;
  if (phase === 'summary' && view) return <ExportSummary view={view} />;
  return <ExportList />;
}

export function ExportDialog() {
  const t = useT(exportStrings);
  const isOpen = useExportStore((s) => s.isOpen);
  const phase = useExportStore((s) => s.phase);
  const count = useExportStore((s) => s.request?.count ?? 0);
  const close = useExportStore((s) => s.close);
  const title =
    phase === 'form'
      ? count === 1
        ? t('titleOne')
        : t('title', { n: count })
      : phase === 'running'
        ? t('runningTitle')
        : phase === 'summary'
          ? t('summaryTitle')
          : t('listTitle');
  return (
    <Dialog isOpen={isOpen} title={title} onClose={close} testId="export-dialog" className="export-dialog">
      {isOpen && (
        <>
          <StartError />
          <Body />
          {/* The page's toasts sit under the modal's top layer; these show the same messages above it. */}
          <Toaster />
        </>
      )}
    </Dialog>
  );
}
