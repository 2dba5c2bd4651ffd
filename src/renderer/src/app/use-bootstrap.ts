import { useEffect, useState } from 'react';
import { describeError } from '../../../shared/errors';
import { showToast } from '../components/toast-store';
import { startQueueSync } from '../features/queue/queue-store';
import { useStudioStore } from '../features/studio/studio-store';
import { useLocaleStore } from '../lib/i18n';
import { call } from '../lib/wan';
import { resolveUiLocale, systemLocaleOf } from './app-selectors';
import { toErrorValue, useAppStore } from './app-store';
import { useApplyTheme } from './theme';

const PROMPT_HISTORY_LIMIT = 100;

function currentLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
}

/** The browser's languages, followed when the person changes them (the `languagechange` event). */
function useBrowserLanguages(): readonly string[] {
  const [languages, setLanguages] = useState(currentLanguages);
  useEffect(() => {
    const update = (): void => setLanguages(currentLanguages());
    window.addEventListener('languagechange', update);
    return () => window.removeEventListener('languagechange', update);
  }, []);
  return languages;
}

/** Everything the app does once at start: load state from main, follow language and theme. */
export function useBootstrap(): void {
  const settings = useAppStore((s) => s.settings);
  const info = useAppStore((s) => s.info);
  const browserLanguages = useBrowserLanguages();
  const systemLocale = systemLocaleOf(info, browserLanguages);
  const locale = useLocaleStore((s) => s.locale);
  const setLocale = useLocaleStore((s) => s.setLocale);

  useEffect(() => {
    void useAppStore.getState().load();
    call('library.prompts', { limit: PROMPT_HISTORY_LIMIT }).then(
      (prompts) => useStudioStore.getState().setHistory(prompts),
      // Recall is a convenience; the studio works without it.
      () => {},
    );
    return startQueueSync((err) =>
      showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale)),
    );
  }, []);

  useEffect(() => {
    if (settings) useStudioStore.getState().applyDefaults(settings);
  }, [settings]);

  const language = settings?.language;
  useEffect(() => {
    if (!language) return;
    setLocale(resolveUiLocale(language, systemLocale, useLocaleStore.getState().locale));
  }, [language, systemLocale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useApplyTheme(settings?.theme);
}
