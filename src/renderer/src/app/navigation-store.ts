import { create } from 'zustand';

export const VIEWS = ['studio', 'gallery', 'usage', 'settings'] as const;
export type View = (typeof VIEWS)[number];

type NavigationState = {
  view: View;
  setView: (view: View) => void;
};

/** The view a `#gallery`-style address names (a reload, a bookmark in browser mode), or the studio. */
export function viewFromHash(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'studio';
}

const initialView = (): View => (typeof location === 'undefined' ? 'studio' : viewFromHash(location.hash));

// Plain store (no router): a few top-level views. The address's hash follows the view (replaced,
// not pushed: Back leaves the app as before), so a reload stays where it was and the gallery can be
// opened straight from `#gallery` without drawing the studio first.
export const useNavigationStore = create<NavigationState>((set) => ({
  view: initialView(),
  setView: (view) => {
    if (typeof history !== 'undefined' && typeof location !== 'undefined') {
      const hash = view === 'studio' ? '' : `#${view}`;
      if (location.hash !== hash)
        history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }
    set({ view });
  },
}));
