import { create } from 'zustand';
import type { Locale } from '../../../shared/i18n-messages';

// UI strings live beside each feature (`features/<name>/strings.ts`) as { en, 'zh-CN' } pairs,
// so a missing translation is a type error, not a blank label.

type Params = Record<string, string | number>;
export type Entry = { en: string; 'zh-CN': string };
export type StringTable = Record<string, Entry>;

export function defineStrings<T extends StringTable>(table: T): T {
  return table;
}

/**
 * The first of the person's languages the app speaks (`navigator.languages` order): zh-TW or
 * zh-Hant read Chinese too; a list naming neither Chinese nor English reads English.
 */
export function preferredLocale(languages: readonly string[]): Locale | undefined {
  for (const tag of languages) {
    if (/^zh(-|_|$)/i.test(tag)) return 'zh-CN';
    if (/^en(-|_|$)/i.test(tag)) return 'en';
  }
  return languages.length > 0 ? 'en' : undefined;
}

export const useLocaleStore = create<{ locale: Locale; setLocale: (locale: Locale) => void }>((set) => ({
  // Until the settings arrive: the first of the browser's languages the app speaks. Guarded so
  // stores that import this module also load under Node (unit tests) where `navigator` is missing.
  locale: (typeof navigator !== 'undefined' && preferredLocale(navigator.languages ?? [navigator.language])) || 'en',
  setLocale: (locale) => set({ locale }),
}));

export function format(text: string, params?: Params): string {
  return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
}

/** `const t = useT(strings); t('generate')` — re-renders when the language changes. */
export function useT<T extends StringTable>(table: T): (key: keyof T, params?: Params) => string {
  const locale = useLocaleStore((s) => s.locale);
  return (key, params) => format(table[key]![locale], params);
}

/** The same outside React (event handlers, stores). */
export function translate<T extends StringTable>(table: T, key: keyof T, params?: Params): string {
  return format(table[key]![useLocaleStore.getState().locale], params);
}
