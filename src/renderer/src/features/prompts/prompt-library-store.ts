import { create } from 'zustand';
import type { PromptHistoryItem } from '../../../../shared/prompts/prompt-contract';
import type { Preset } from '../../../../shared/prompts/preset';
import type { SavedTemplate } from '../../../../shared/batch/batch-types';

// The prompt library dialog's state: which tab, the history pages loaded, saved templates and presets.

export type LibraryTab = 'history' | 'saved' | 'presets';

type PromptLibraryState = {
  isOpen: boolean;
  tab: LibraryTab;
  search: string;
  history: PromptHistoryItem[];
  nextCursor: string | null;
  isLoading: boolean;
  error: string | null;
  templates: SavedTemplate[];
  presets: Preset[];
  open: (tab?: LibraryTab) => void;
  close: () => void;
  setTab: (tab: LibraryTab) => void;
};

export const usePromptLibrary = create<PromptLibraryState>((set) => ({
  isOpen: false,
  tab: 'history',
  search: '',
  history: [],
  nextCursor: null,
  isLoading: false,
  error: null,
  templates: [],
  presets: [],
  open: (tab) => set((s) => ({ isOpen: true, tab: tab ?? s.tab })),
  close: () => set({ isOpen: false }),
  setTab: (tab) => set({ tab }),
}));
