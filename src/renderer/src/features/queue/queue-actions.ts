import { describeError } from '../../../../shared/errors';
import { toErrorValue } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { loadIntoStudio } from '../studio/studio-store';
import { useQueueStore } from './queue-store';

function reportError(err: unknown): void {
  showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale));
}

export async function cancelJob(generationId: string): Promise<void> {
  try {
    await call('generation.cancel', { generationId });
  } catch (err) {
    reportError(err);
  }
}

/** Same request and seed again: a retry should reproduce what the person asked for. */
export async function retryJob(generationId: string): Promise<void> {
  try {
    await call('generation.rerun', { generationId, isNewSeed: false });
  } catch (err) {
    reportError(err);
  }
}

export async function editJobPrompt(generationId: string): Promise<void> {
  try {
    const known = useQueueStore.getState().jobs[generationId]?.record;
    const record = known ?? (await call('generation.get', { generationId })).generation;
    loadIntoStudio(record);
  } catch (err) {
    reportError(err);
  }
}

export function openSettings(): void {
  useNavigationStore.getState().setView('settings');
}
