import { create } from 'zustand';
import type { BatchView } from '../../../../shared/batch/batch-types';
import { describeError } from '../../../../shared/errors';
import { toErrorValue } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { showToast } from '../../components/toast-store';
import { useLocaleStore } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { galleryStore } from '../gallery/gallery-store';
import { mergeBatch } from './batch-progress';
import type { SourceForm } from './batch-source';

// The batch dialog's state: which part is open, the recent batches (kept current by
// `batch.progressed`), and the batch whose grid is shown.

export type BatchTab = 'new' | 'recent';

type BatchState = {
  isOpen: boolean;
  tab: BatchTab;
  batches: BatchView[];
  gridBatchId: string | null;
  /** The batch the grid shows (kept apart from the list, which holds only the newest). */
  gridBatch: BatchView | null;
  /** The last source another panel chose ("Use in batch"); the new-batch form takes each once. */
  handedSource: Partial<SourceForm> | null;
  open: (tab?: BatchTab) => void;
  /** Opens the new-batch part with this source filled in. */
  openWith: (source: Partial<SourceForm>) => void;
  close: () => void;
  setTab: (tab: BatchTab) => void;
  refresh: () => Promise<void>;
  apply: (view: BatchView) => void;
  openGrid: (batchId: string) => Promise<void>;
  closeGrid: () => void;
};

export function reportBatchError(err: unknown): void {
  showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale));
}

export const useBatchStore = create<BatchState>((set, get) => ({
  isOpen: false,
  tab: 'new',
  batches: [],
  gridBatchId: null,
  gridBatch: null,
  handedSource: null,
  openWith: (source) => {
    set({ handedSource: source });
    get().open('new');
  },
  open: (tab) => {
    set({ isOpen: true, ...(tab ? { tab } : {}) });
    void get().refresh();
  },
  close: () => set({ isOpen: false }),
  setTab: (tab) => set({ tab }),
  refresh: async () => {
    try {
      const batches = await call('batch.list', { limit: 20 });
      set({ batches });
    } catch (err) {
      reportBatchError(err);
    }
  },
  apply: (view) =>
    set((s) => ({
      batches: mergeBatch(s.batches, view),
      ...(s.gridBatch?.id === view.id ? { gridBatch: view } : {}),
    })),
  openGrid: async (batchId) => {
    try {
      const view = get().batches.find((b) => b.id === batchId) ?? (await call('batch.get', { batchId }));
      set({ gridBatchId: batchId, gridBatch: view });
    } catch (err) {
      reportBatchError(err);
    }
  },
  closeGrid: () => set({ gridBatchId: null, gridBatch: null }),
}));

/** Pause, resume or cancel; the answer (and later events) update the list. */
export async function controlBatch(action: 'pause' | 'resume' | 'cancel', batchId: string): Promise<void> {
  try {
    const view = await call(`batch.${action}`, { batchId });
    useBatchStore.getState().apply(view);
  } catch (err) {
    reportBatchError(err);
  }
}

export const batchSearch = (batchId: string): string => `batch:${batchId}`;

/** The gallery, filtered to one batch's images. */
export function showBatchInGallery(batchId: string): void {
  useBatchStore.setState({ isOpen: false, gridBatchId: null, gridBatch: null });
  galleryStore.getState().setFilters({ search: batchSearch(batchId) });
  useNavigationStore.getState().setView('gallery');
}
