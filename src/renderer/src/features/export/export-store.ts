import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ExportSelection } from '../../../../shared/contract';
import type { ErrorValue } from '../../../../shared/errors';
import type { ExportView } from '../../../../shared/export-types';
import { BridgeError, call, onEvent } from '../../lib/wan';
import { browserStorage, saveForm, toStartInput, type ExportForm } from './export-form';

// Exports as the renderer follows them: the dialog's phase, the run it shows, and every export's
// latest view from `export.progressed` / `export.finished`. Runs go on when the dialog is closed.

export type ExportPhase = 'form' | 'running' | 'summary' | 'list';
export type ExportRequest = { selection: ExportSelection; count: number };

export type ExportState = {
  isOpen: boolean;
  phase: ExportPhase;
  request: ExportRequest | null;
  /** The export the progress and summary views show. */
  activeId: string | null;
  views: Readonly<Record<string, ExportView>>;
  currentFile: string | null;
  recent: ExportView[];
  isBusy: boolean;
  error: ErrorValue | null;
  /** Set when the OS file manager could not be opened (browser mode): show the path instead. */
  folderShownFor: string | null;
};

export type ExportActions = {
  open(request: ExportRequest): void;
  openList(): void;
  close(): void;
  backToForm(): void;
  showExport(exportId: string): void;
  start(form: ExportForm): Promise<void>;
  cancel(exportId: string): Promise<void>;
  resume(exportId: string): Promise<void>;
  openFolder(exportId: string): Promise<void>;
  loadRecent(): Promise<void>;
  /** Listens to export events; returns the unsubscribe. */
  listen(onFinished?: (view: ExportView, isShown: boolean) => void): () => void;
};

export type ExportStore = StoreApi<ExportState & ExportActions>;

const RECENT_LIMIT = 20;

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof BridgeError) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), isRetryable: true };
}

export function createExportStore(): ExportStore {
  // Events and invoke answers travel apart: an export may report progress, or even finish, before
  // `export.start` answers. Whichever is newer wins, judged by when the call was made.
  let eventSeq = 0;
  const lastEventOf = new Map<string, number>();

  return createStore<ExportState & ExportActions>()((set, get) => {
    const remember = (view: ExportView): void => set((s) => ({ views: { ...s.views, [view.id]: view } }));

    /** Shows the run `view` in the dialog, unless an event newer than the call already did better. */
    const adopt = (view: ExportView, callSeq: number): void => {
      const isEventNewer = (lastEventOf.get(view.id) ?? 0) > callSeq;
      const latest = isEventNewer ? (get().views[view.id] ?? view) : view;
      remember(latest);
      set({ activeId: view.id, phase: latest.status === 'running' ? 'running' : 'summary', folderShownFor: null });
    };

    const guarded = async (work: () => Promise<void>): Promise<void> => {
      set({ isBusy: true, error: null });
      try {
        await work();
      } catch (error) {
        set({ error: toErrorValue(error) });
      } finally {
        set({ isBusy: false });
      }
    };

    return {
      isOpen: false,
      phase: 'form',
      request: null,
      activeId: null,
      views: {},
      currentFile: null,
      recent: [],
      isBusy: false,
      error: null,
      folderShownFor: null,

      open(request) {
        set({ isOpen: true, phase: 'form', request, error: null, folderShownFor: null });
      },
      openList() {
        set({ isOpen: true, phase: 'list', error: null });
      },
      close() {
        set({ isOpen: false, error: null });
      },
      backToForm() {
        set({ phase: get().request ? 'form' : 'list', error: null });
      },
      showExport(exportId) {
        set({ activeId: exportId, phase: get().views[exportId]?.status === 'running' ? 'running' : 'summary' });
      },

      start: (form) =>
        guarded(async () => {
          const request = get().request;
          if (!request) return;
          saveForm(browserStorage(), form);
          const callSeq = eventSeq;
          set({ currentFile: null });
          adopt(await call('export.start', toStartInput(request.selection, form)), callSeq);
        }),

      cancel: (exportId) =>
        guarded(async () => {
          await call('export.cancel', { exportId });
        }),

      resume: (exportId) =>
        guarded(async () => {
          const callSeq = eventSeq;
          set({ currentFile: null, isOpen: true });
          adopt(await call('export.resume', { exportId }), callSeq);
        }),

      openFolder: (exportId) =>
        guarded(async () => {
          const { isOpened } = await call('export.openFolder', { exportId });
          set({ folderShownFor: isOpened ? null : exportId });
        }),

      async loadRecent() {
        try {
          const recent = await call('export.list', { limit: RECENT_LIMIT });
          for (const view of recent) if (!lastEventOf.has(view.id)) remember(view);
          set({ recent });
        } catch (error) {
          set({ error: toErrorValue(error) });
        }
      },

      listen(onFinished) {
        const record = (view: ExportView): void => {
          lastEventOf.set(view.id, ++eventSeq);
          remember(view);
          set((s) => ({ recent: s.recent.map((r) => (r.id === view.id ? view : r)) }));
        };
        const offProgress = onEvent('export.progressed', ({ currentFile, ...view }) => {
          record(view);
          if (view.id === get().activeId) set({ currentFile });
        });
        const offFinished = onEvent('export.finished', (view) => {
          record(view);
          const { activeId, isOpen, phase, isBusy } = get();
          // A run can end before `export.start` has even answered: the open dialog will show it.
          const isShown = isOpen && (activeId === view.id || isBusy);
          if (view.id === activeId && phase === 'running') set({ phase: 'summary', currentFile: null });
          onFinished?.(view, isShown);
        });
        return () => {
          offProgress();
          offFinished();
        };
      },
    };
  });
}

export const exportStore = createExportStore();

export function useExportStore<T>(selector: (state: ExportState & ExportActions) => T): T {
  return useStore(exportStore, selector);
}

export const openExportDialog = (request: ExportRequest): void => exportStore.getState().open(request);
/** The list on its own (from the toolbar): no form to go back to. */
export const openExportList = (): void => {
  exportStore.setState({ request: null });
  exportStore.getState().openList();
};

/** How far along a run is, 0–1: written, skipped and failed all count as handled. */
export function progressOf(view: ExportView): number {
  if (view.total <= 0) return view.status === 'running' ? 0 : 1;
  return Math.min(1, (view.done + view.skipped + view.failed) / view.total);
}

/** Failed, canceled and interrupted runs carry on where they stopped (failed files are tried again). */
export function isResumable(view: ExportView): boolean {
  return view.status === 'canceled' || view.status === 'interrupted' || view.status === 'failed';
}
