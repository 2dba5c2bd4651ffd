import { createElement, lazy, Suspense, useEffect, useState, type ComponentType } from 'react';
import { useWelcomeStore } from '../features/onboarding/welcome-store';
import { firstScreenDrawn } from './first-screen';
import { useNavigationStore, VIEWS, type View } from './navigation-store';

// Each screen is its own chunk, so opening the app at one (a cold start at #gallery, say) parses
// only that screen's code before it draws; the app-wide dialogs follow once it has drawn. The
// chunks are relative to the page (Vite's base './'), so they load from the app's own origin,
// file:// in Electron, and the CSP's script-src 'self' covers them.

type ScreenModule = { default: ComponentType };

const SCREENS: Record<View, () => Promise<ScreenModule>> = {
  studio: () => import('./StudioScreen').then((m) => ({ default: m.StudioScreen })),
  gallery: () => import('../features/gallery/GalleryPage').then((m) => ({ default: m.GalleryPage })),
  settings: () => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })),
  usage: () => import('../features/usage/UsagePage').then((m) => ({ default: m.UsagePage })),
};

const loading = new Map<View, Promise<ScreenModule>>();
/** Screens whose code has arrived: drawn directly, without suspending (see CurrentScreen). */
const loaded = new Map<View, ComponentType>();

/** Starts fetching a screen's code (once); main.tsx calls it for the first screen before React renders. */
export function loadScreen(view: View): Promise<ScreenModule> {
  let promise = loading.get(view);
  if (!promise) {
    promise = SCREENS[view]().then((module) => {
      loaded.set(view, module.default);
      return module;
    });
    loading.set(view, promise);
    // A failed load (the app was updated under a running page, say) is tried afresh next time.
    promise.catch(() => loading.delete(view));
  }
  return promise;
}

const LAZY_SCREENS: Record<View, ComponentType> = {
  studio: lazy(() => loadScreen('studio')),
  gallery: lazy(() => loadScreen('gallery')),
  settings: lazy(() => loadScreen('settings')),
  usage: lazy(() => loadScreen('usage')),
};

/** What draws a view: its screen when the code is here, else the lazy stand-in that waits for it. */
const screenFor = (view: View): ComponentType => loaded.get(view) ?? LAZY_SCREENS[view];

export function CurrentScreen() {
  const view = useNavigationStore((s) => s.view);
  // A screen whose code is here renders at once. Through lazy() it suspended for a tick even then,
  // and React holds a suspended boundary's content back for 300 ms (its fallback throttle): a
  // click on Usage drew 330 ms later although its chunk had been fetched long before. The choice
  // is made once per visit, so a screen first drawn through lazy() is not swapped (and its state
  // lost) when its code arrives and the app re-renders.
  const [shown, setShown] = useState(() => ({ view, type: screenFor(view) }));
  let current = shown;
  if (shown.view !== view) {
    current = { view, type: screenFor(view) };
    setShown(current);
  }
  // No placeholder: a screen's code arrives from disk in a few milliseconds, and a spinner for that
  // long would only flash.
  return <Suspense fallback={null}>{createElement(current.type)}</Suspense>;
}

const LazyDialogs = lazy(() => import('./AppDialogs').then((m) => ({ default: m.AppDialogs })));

/** A screen that never says it has drawn (settings, usage, an empty gallery) waits no longer than this. */
const FIRST_SCREEN_WAIT_MS = 1_500;
const AFTER_DRAWN_MS = 50;

/**
 * The dialogs' chunk (then the other screens'), once the first screen has drawn its first content
 * (first-screen.ts): evaluated sooner, they would compete with it for the one main thread.
 */
export function DeferredDialogs() {
  const [isWanted, setIsWanted] = useState(false);
  // A first run greets at once: nothing else is on screen to wait for.
  const isWelcomeOpen = useWelcomeStore((s) => s.phase === 'open');
  useEffect(() => {
    let isLive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const want = (): void => {
      if (!isLive) return;
      setIsWanted(true);
      // The other screens next, so a click on one finds its code already here.
      for (const view of VIEWS) void loadScreen(view).catch(() => {});
    };
    void loadScreen(useNavigationStore.getState().view)
      .catch(() => {})
      .then(() =>
        Promise.race([firstScreenDrawn, new Promise((resolve) => (timer = setTimeout(resolve, FIRST_SCREEN_WAIT_MS)))]),
      )
      // A few frames later, so what it waited for is painted first (a timer, not an animation
      // frame: a hidden window draws none).
      .then(() => {
        timer = setTimeout(want, AFTER_DRAWN_MS);
      });
    return () => {
      isLive = false;
      clearTimeout(timer);
    };
  }, []);
  if (!isWanted && !isWelcomeOpen) return null;
  return (
    <Suspense fallback={null}>
      <LazyDialogs />
    </Suspense>
  );
}
