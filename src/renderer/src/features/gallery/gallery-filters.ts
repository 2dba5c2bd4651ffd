import type { GalleryQuery, ImageView } from '../../../../shared/contract';
import type { Locale } from '../../../../shared/i18n-messages';
import { parseSearch } from '../../../../shared/search-syntax';
import { MODELS, MODEL_IDS, type AspectRatio, type ModelId } from '../../../../shared/models';

// What the toolbar holds, and how it becomes the contract's `GalleryQuery`. Pure so the date
// arithmetic and the "does this image still belong here" rule are unit-tested.

export const DATE_PRESETS = ['all', 'today', 'last7', 'last30'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const RATIOS = ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3'] as const satisfies readonly AspectRatio[];

/** Every size any model offers, largest first, for the "exact size" half of the size filter. */
export const SIZE_IDS: readonly string[] = [...new Set(MODEL_IDS.flatMap((m) => MODELS[m].sizes.map((s) => s.id)))];

/** "Wan 2.7 Image Pro", not "… (up to 4K)": what a model can make does not help pick a filter, and the toolbar is tight. */
export function modelFilterLabel(id: ModelId, locale: Locale): string {
  return MODELS[id].label[locale].replace(/\s*[((][^()()]*[))]\s*$/, '');
}

export type GalleryFilters = {
  search: string;
  model: ModelId | null;
  /** A ratio such as `16:9`, an exact size such as `2048x2048`, or '' for any. */
  size: string;
  isFavoriteOnly: boolean;
  date: DatePreset;
  isTrash: boolean;
  /** Images must carry every one of these. */
  tags: readonly string[];
  /** Reruns, varies and A/B twins stay under their original (issue 12); a view, not a filter. */
  isStacked: boolean;
};

export const DEFAULT_FILTERS: GalleryFilters = {
  search: '',
  model: null,
  size: '',
  isFavoriteOnly: false,
  date: 'all',
  isTrash: false,
  tags: [],
  isStacked: true,
};

/** Start of the preset's window in local time ("last 7 days" = today and the six days before). */
export function dateFrom(preset: DatePreset, now: number): number | undefined {
  if (preset === 'all') return undefined;
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const days = preset === 'today' ? 0 : preset === 'last7' ? 6 : 29;
  // setDate rather than subtracting days of milliseconds, so a daylight-saving change stays at midnight.
  midnight.setDate(midnight.getDate() - days);
  return midnight.getTime();
}

export function isRatio(value: string): boolean {
  return (RATIOS as readonly string[]).includes(value);
}

/** No upper bound on dates: images made while a filter is on should still appear at the top. */
export function toQuery(filters: GalleryFilters, now: number): GalleryQuery {
  const query: GalleryQuery = {};
  const search = filters.search.trim();
  if (search) query.search = search.slice(0, 500);
  if (filters.model) query.model = filters.model;
  if (filters.size) {
    if (isRatio(filters.size)) query.ratio = filters.size;
    else query.size = filters.size;
  }
  if (filters.isFavoriteOnly) query.isFavorite = true;
  const from = dateFrom(filters.date, now);
  if (from !== undefined) query.from = from;
  if (filters.isTrash) query.isTrash = true;
  if (filters.tags.length > 0) query.tags = [...filters.tags];
  // The trash lists what was deleted, versions or not.
  if (filters.isStacked && !filters.isTrash) query.isStacked = true;
  return query;
}

/** True when anything narrows the view (the trash is a place, not a filter). */
export function hasFilters(filters: GalleryFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.model !== null ||
    filters.size !== '' ||
    filters.isFavoriteOnly ||
    filters.date !== 'all' ||
    filters.tags.length > 0
  );
}

const foldTag = (tag: string): string => tag.normalize('NFKC').toLowerCase();

/**
 * Whether an image still belongs in the query's results after its favourite, trash or tags
 * changed, by the toolbar's filters and by `fav:` and `tag:` typed in the search (as main reads them).
 */
export function stillMatches(item: ImageView, query: GalleryQuery): boolean {
  const isTrashed = item.deletedAt !== null;
  if (isTrashed !== (query.isTrash === true)) return false;
  if (query.isFavorite === true && !item.isFavorite) return false;
  if (query.tags && !query.tags.every((tag) => item.tags.includes(tag))) return false;
  const has = new Set(item.tags.map(foldTag));
  for (const { filter } of parseSearch(query.search ?? '').filters) {
    if (filter.key === 'fav' && filter.isFavorite !== item.isFavorite) return false;
    if (filter.key === 'tag' && !has.has(foldTag(filter.name))) return false;
  }
  return true;
}
