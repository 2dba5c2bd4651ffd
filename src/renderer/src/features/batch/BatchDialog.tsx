import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BatchPlanInput } from '../../../../shared/batch/batch-types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useLocaleStore, useT } from '../../lib/i18n';
import { call, onEvent } from '../../lib/wan';
import { buildRequestInput } from '../studio/studio-form';
import { formOf, useStudioStore } from '../studio/studio-store';
import { useAppStore } from '../../app/app-store';
import { BatchGridDialog } from './BatchGridDialog';
import { BatchList } from './BatchList';
import { BatchPreview, startBlock, usePreview, type PreviewState } from './BatchPreview';
import { BatchSourceForm } from './BatchSourceForm';
import { confirmWithinBudget } from '../usage/budget';
import { EMPTY_SOURCE, planInputOf, type SourceForm, type StudioBasis } from './batch-source';
import { reportBatchError, useBatchStore, type BatchTab } from './batch-store';
import { batchStrings } from './strings';
import './batch.css';

// The batch panel: a new batch from a source (previewed with its estimate and caps before it
// starts), and the recent batches with their progress. Opened from the studio.

/** The studio's prompt and the settings each row starts from (references stay in the studio). */
function useStudioBasis(): StudioBasis {
  const form = useStudioStore(useShallow(formOf));
  return useMemo(() => {
    const { prompt, references: _r, palette: _p, ...defaults } = buildRequestInput(form);
    return { prompt, defaults };
  }, [form]);
}

type NewBatchProps = {
  form: SourceForm;
  setForm: (f: SourceForm) => void;
  basis: StudioBasis;
  input: BatchPlanInput | null;
  state: PreviewState;
};

function NewBatch({ form, setForm, basis, input, state }: NewBatchProps) {
  return (
    <>
      <BatchSourceForm form={form} studioPrompt={basis.prompt} onChange={(patch) => setForm({ ...form, ...patch })} />
      <BatchPreview state={state} input={input} />
    </>
  );
}

type StartBarProps = { input: BatchPlanInput | null; state: PreviewState; onStarted: () => void };

function StartBar({ input, state, onStarted }: StartBarProps) {
  const t = useT(batchStrings);
  const locale = useLocaleStore((s) => s.locale);
  const activeProfileId = useAppStore((s) => s.settings?.activeProfileId);
  const [isStarting, setStarting] = useState(false);
  const block = !input ? t('nothingToRun') : startBlock(state, input, t, locale);
  const isReady = input !== null && state.preview !== null && !state.isLoading && block === null;
  const start = async (): Promise<void> => {
    if (!input || !isReady) return;
    setStarting(true);
    try {
      // Past the monthly budget the person is asked first, as for a single generation.
      const estimate = state.preview?.estimate;
      const spend = estimate && estimate.cost !== null ? { cost: estimate.cost, currency: estimate.currency } : null;
      if (!(await confirmWithinBudget(spend))) return;
      const view = await call('batch.start', { ...input, ...(activeProfileId ? { profileId: activeProfileId } : {}) });
      useBatchStore.getState().apply(view);
      onStarted();
    } catch (err) {
      reportBatchError(err);
    } finally {
      setStarting(false);
    }
  };
  return (
    <>
      {block && (
        <p className="batch-block" data-testid="batch-start-block">
          {t('startBlocked', { reason: block })}
        </p>
      )}
      <Button
        variant="primary"
        data-testid="batch-start"
        aria-disabled={!isReady || isStarting}
        disabled={isStarting}
        onClick={() => void start()}
      >
        {t('start')}
      </Button>
    </>
  );
}

/** Follows `batch.progressed` while the app runs, so the list is current whenever it opens. */
function useBatchEvents(): void {
  useEffect(() => onEvent('batch.progressed', (view) => useBatchStore.getState().apply(view)), []);
}

export function BatchDialog() {
  const t = useT(batchStrings);
  useBatchEvents();
  const { isOpen, tab, close, setTab } = useBatchStore(
    useShallow((s) => ({ isOpen: s.isOpen, tab: s.tab, close: s.close, setTab: s.setTab })),
  );
  const [form, setForm] = useState<SourceForm>(EMPTY_SOURCE);
  // "Use in batch" from the prompt library: each source handed in replaces the form's once (caps
  // and name kept), adjusted while rendering as React advises for state that follows a value.
  const handedSource = useBatchStore((s) => s.handedSource);
  const [takenSource, setTakenSource] = useState(handedSource);
  if (handedSource !== takenSource) {
    setTakenSource(handedSource);
    if (handedSource) setForm((f) => ({ ...f, ...handedSource }));
  }
  const basis = useStudioBasis();
  const isEditing = isOpen && tab === 'new';
  // Previewed only while the new-batch part is on screen; once for the form and the Start button.
  const input = useMemo(() => (isEditing ? planInputOf(form, basis) : null), [isEditing, form, basis]);
  const state = usePreview(input);
  const tabs: Array<{ id: BatchTab; label: string }> = [
    { id: 'new', label: t('newBatch') },
    { id: 'recent', label: t('recent') },
  ];
  return (
    <>
      <Dialog
        isOpen={isOpen}
        title={t('title')}
        onClose={close}
        testId="batch-dialog"
        className="batch-dialog"
        footer={
          <>
            <Button variant="ghost" data-testid="batch-close" onClick={close}>
              {t('close')}
            </Button>
            {tab === 'new' && <StartBar input={input} state={state} onStarted={() => setTab('recent')} />}
          </>
        }
      >
        <div className="segmented batch-tabs" role="tablist">
          {tabs.map((x) => (
            <button
              key={x.id}
              type="button"
              role="tab"
              className="segment batch-tab"
              aria-selected={tab === x.id}
              data-testid={`batch-tab-${x.id}`}
              onClick={() => setTab(x.id)}
            >
              {x.label}
            </button>
          ))}
        </div>
        <div role="tabpanel" aria-label={tab === 'new' ? t('newBatch') : t('recent')}>
          {isOpen && tab === 'new' && (
            <NewBatch form={form} setForm={setForm} basis={basis} input={input} state={state} />
          )}
          {isOpen && tab === 'recent' && <BatchList />}
        </div>
      </Dialog>
      <BatchGridDialog />
    </>
  );
}
