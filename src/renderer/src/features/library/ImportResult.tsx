import type { ImportSummary } from '../../../../shared/export-types';
import { useLocaleStore, useT } from '../../lib/i18n';
import { libraryStrings } from './strings';

// What an import found: rerunnable, plain, already there, and each file that failed with why.

export function ImportResult({ summary }: { summary: ImportSummary }) {
  const t = useT(libraryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const number = new Intl.NumberFormat(locale);
  const rows = [
    { key: 'restored', label: t('restored'), value: summary.restored },
    { key: 'plain', label: t('plain'), value: summary.plain },
    { key: 'duplicates', label: t('duplicates'), value: summary.duplicates },
    { key: 'failed', label: t('failedCount'), value: summary.failed.length },
  ];
  return (
    <div className="library-outcome" data-testid="import-summary">
      <h3 className="library-outcome-title">{t('importDone')}</h3>
      <p className="library-folder mono" title={summary.folder}>
        {summary.folder}
      </p>
      <dl className="export-totals">
        {rows.map((row) => (
          <div key={row.key} className={`export-total is-${row.key}`}>
            <dt>{row.label}</dt>
            <dd data-testid={`import-${row.key}`}>{number.format(row.value)}</dd>
          </div>
        ))}
      </dl>
      {summary.failed.length > 0 && (
        <details className="import-failures" open={summary.failed.length <= 5}>
          <summary>{t('failedList')}</summary>
          <ul data-testid="import-failed-list">
            {summary.failed.map((failure, i) => (
              <li key={i}>
                <span className="mono">{failure.file}</span>
                <span className="import-failure-reason">{failure.message}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
