import { create } from 'zustand';
import type { ImageView } from '../../../../shared/contract';
import { IDENTITY, type LockedTransform, type Pane } from './locked-transform';

// What the comparison shows: 2–4 images, one transform shared by every pane, and for two
// images the split slider's position. Outside React, so the gallery and the twin follower can
// open it.

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

export type CompareLayout = 'side' | 'split';

type CompareState = {
  items: readonly ImageView[] | null;
  transform: LockedTransform;
  layout: CompareLayout;
  /** Percent of the width where image A gives way to image B. */
  split: number;
  open: (items: readonly ImageView[]) => void;
  close: () => void;
  setTransform: (transform: LockedTransform) => void;
  setLayout: (layout: CompareLayout) => void;
  setSplit: (split: number) => void;
};

export const useCompareStore = create<CompareState>((set) => ({
  items: null,
  transform: IDENTITY,
  layout: 'side',
  split: 50,
  open: (items) => {
    if (items.length < MIN_COMPARED) return;
    set({ items: items.slice(0, MAX_COMPARED), transform: IDENTITY, layout: 'side', split: 50 });
  },
  close: () => set({ items: null }),
  setTransform: (transform) => set({ transform }),
  setLayout: (layout) => set({ layout, transform: IDENTITY }),
  setSplit: (split) => set({ split: Math.min(100, Math.max(0, split)) }),
}));

export const openCompare = (items: readonly ImageView[]): void => useCompareStore.getState().open(items);

/** The panes as last measured (the panes component keeps it current): keys and buttons zoom against them. */
export const livePanes: { current: readonly Pane[] } = { current: [] };
