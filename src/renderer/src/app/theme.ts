import { useEffect, useSyncExternalStore } from 'react';
import type { Settings } from '../../../shared/contract';
import { resolveTheme } from './app-selectors';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function usePrefersDark(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(DARK_QUERY).matches,
    () => false,
  );
}

/** Puts the resolved theme on <html data-theme>, following the OS while the setting is "system". */
export function useApplyTheme(theme: Settings['theme'] | undefined): void {
  const prefersDark = usePrefersDark();
  const resolved = resolveTheme(theme, prefersDark);
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
    document.documentElement.style.colorScheme = resolved;
  }, [resolved]);
}
