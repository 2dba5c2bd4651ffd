import { create } from 'zustand';
import type { InvokeOutput } from '../../../../shared/contract';
import { call } from '../../lib/wan';

// Every tag in use (for suggestions and the tag filter), read again after anything that may have
// changed them. Small: a library has tens or hundreds of tags, not thousands.

export type TagCount = InvokeOutput<'library.tags'>[number];

type TagState = {
  tags: TagCount[];
  isLoaded: boolean;
  refresh: () => Promise<void>;
};

let latest = 0;

export const useTagStore = create<TagState>((set) => ({
  tags: [],
  isLoaded: false,
  async refresh() {
    const token = ++latest;
    try {
      const tags = await call('library.tags', undefined);
      // Two refreshes in flight: only the later answer is current.
      if (token === latest) set({ tags, isLoaded: true });
    } catch {
      // Suggestions are a convenience: typing a tag by hand still works without them.
    }
  },
}));

export const refreshTags = (): void => void useTagStore.getState().refresh();

/** Loads the tags once; later changes arrive through `refreshTags` after edits and library events. */
export const ensureTags = (): void => {
  if (!useTagStore.getState().isLoaded) refreshTags();
};

/** Trims, collapses inner spaces and drops empties and repeats; the contract allows 60 characters. */
export function normalizeTag(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** Splits typed text into tags on commas (ASCII or Chinese) and line breaks. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,，、\n]/)
    .map(normalizeTag)
    .filter(Boolean);
  return [...new Set(tags)];
}

/** Suggestions for what is typed: names that contain it, most used first, those already on the image left out. */
export function suggestTags(all: readonly TagCount[], typed: string, exclude: readonly string[], limit = 8): string[] {
  const needle = normalizeTag(typed).toLowerCase();
  return all
    .filter((t) => !exclude.includes(t.name) && (needle === '' || t.name.toLowerCase().includes(needle)))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((t) => t.name);
}
