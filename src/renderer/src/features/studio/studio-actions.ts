import { describeError } from '../../../../shared/errors';
import type { Locale } from '../../../../shared/i18n-messages';
import { toErrorValue } from '../../app/app-store';
import { showToast } from '../../components/toast-store';
import { call } from '../../lib/wan';
import { confirmWithinBudget, generationEstimate } from '../usage/budget';
import { buildRequestInput, validateForm } from './studio-form';
import { formOf, useStudioStore } from './studio-store';

export type GenerateOutcome = 'started' | 'invalid' | 'busy' | 'failed' | 'declined';

/** Sends the studio form as a new generation; the queue picks it up from main's events. */
export async function generate(locale: Locale, profileId: string | undefined): Promise<GenerateOutcome> {
  const studio = useStudioStore.getState();
  if (studio.isSubmitting) return 'busy';
  const form = formOf(studio);
  if (!validateForm(form, locale).ok) return 'invalid';
  studio.setSubmitting(true);
  try {
    // Past the monthly budget, the person is asked first (budget.ts); no budget asks nothing.
    const estimate = await generationEstimate(form.model, form.n, profileId);
    if (!(await confirmWithinBudget(estimate))) return 'declined';
    await call('generation.start', { request: buildRequestInput(form), profileId });
    studio.rememberPrompt(form.prompt);
    return 'started';
  } catch (err) {
    showToast('error', describeError(toErrorValue(err), locale));
    return 'failed';
  } finally {
    useStudioStore.getState().setSubmitting(false);
  }
}
