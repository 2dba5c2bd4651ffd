import { describeError } from '../../../../shared/errors';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { toErrorValue } from './gallery-loader';
import { galleryStrings } from './strings';

/** A gallery action failed: say so in words, in a toast that stays until dismissed. */
export function reportFailure(error: unknown): void {
  const reason = describeError(toErrorValue(error), useLocaleStore.getState().locale);
  showToast('error', translate(galleryStrings, 'actionFailed', { reason }));
}
