import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { exportStore } from './export-store';
import { exportStrings } from './strings';

// Apart from ExportDialog so the app can follow exports from its first render while the dialog's
// code loads only after the first screen has drawn.

/** Follows export events for the whole app; a run that ends out of sight is reported by a toast. */
export function useExportEvents(): void {
  useEffect(
    () =>
      exportStore.getState().listen((view, isShown) => {
        if (isShown) return;
        const locale = useLocaleStore.getState().locale;
        if (view.status === 'done') showToast('success', translate(exportStrings, 'finishedToast', { n: view.done }));
        else if (view.status === 'failed' && view.error)
          showToast('error', translate(exportStrings, 'failedToast', { reason: describeError(view.error, locale) }));
      }),
    [],
  );
}
