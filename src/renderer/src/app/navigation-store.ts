import { create } from 'zustand';

export const VIEWS = ['studio', 'gallery', 'usage', 'settings'] as const;
export type View = (typeof VIEWS)[number];

type NavigationState = {
  view: View;
  setView: (view: View) => void;
};

// Plain store (no router): the app has a few top-level views and no deep links to keep.
export const useNavigationStore = create<NavigationState>((set) => ({
  view: 'studio',
  setView: (view) => set({ view }),
}));
