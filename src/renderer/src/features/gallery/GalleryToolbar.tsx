import { useEffect, useRef, useState } from 'react';
import { MODEL_IDS, isModelId } from '../../../../shared/models';
import { formatSize } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { DATE_PRESETS, RATIOS, SIZE_IDS, modelFilterLabel, type DatePreset } from './gallery-filters';
import { galleryStore, useGalleryStore, type GalleryActions } from './gallery-store';
import { SearchIcon, StarIcon, TrashIcon } from './gallery-icons';
import { FilterSelect } from './FilterSelect';
import { EmptyTrashButton, ExportsButton, ImportButton } from './GalleryToolbarActions';
import { galleryStrings } from './strings';
import { SearchChips } from './SearchChips';
import { TagFilter } from './TagFilter';
import { ThumbnailStatus } from './ThumbnailStatus';
import { StackToggle } from '../compare/StackToggle';
import { focusGallerySearch, takePendingSearchFocus } from '../../app/shortcuts';

// Search and filters. Typing is debounced (main searches the whole library on each change) and
// waits for an input method to finish composing, so pinyin letters are never searched for.

const SEARCH_DEBOUNCE_MS = 200;

const DATE_LABELS = {
  all: 'dateAll',
  today: 'dateToday',
  last7: 'dateLast7',
  last30: 'dateLast30',
} as const satisfies Record<DatePreset, keyof typeof galleryStrings>;

const setFilters: GalleryActions['setFilters'] = (patch) => galleryStore.getState().setFilters(patch);

function SearchBox() {
  const t = useT(galleryStrings);
  const search = useGalleryStore((s) => s.filters.search);
  const [text, setText] = useState(search);
  const [isComposing, setIsComposing] = useState(false);
  const sent = useRef(search);

  // "Clear filters" elsewhere empties the box; our own debounced sends must not echo back into it.
  useEffect(() => {
    if (search !== sent.current) {
      sent.current = search;
      setText(search);
    }
  }, [search]);

  useEffect(() => {
    if (isComposing || text === sent.current) return;
    const timer = window.setTimeout(() => {
      sent.current = text;
      setFilters({ search: text });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, isComposing]);

  useEffect(() => {
    if (takePendingSearchFocus()) focusGallerySearch();
  }, []);

  return (
    <label className="gallery-search" data-testid="gallery-search-box" data-applied-search={search}>
      <SearchIcon size={15} />
      <input
        type="search"
        data-testid="gallery-search"
        aria-label={t('search')}
        placeholder={t('searchPlaceholder')}
        value={text}
        maxLength={500}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onCompositionStart={() => setIsComposing(true)}
        onCompositionEnd={(e) => {
          setIsComposing(false);
          setText(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
          }
        }}
      />
    </label>
  );
}

function CountLabel() {
  const t = useT(galleryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const total = useGalleryStore((s) => s.total);
  const isTrash = useGalleryStore((s) => s.filters.isTrash);
  let text = t('counting');
  if (total !== null) {
    const n = new Intl.NumberFormat(locale).format(total);
    text = isTrash ? t('countTrash', { n }) : total === 1 ? t('countOne') : t('countImages', { n });
  }
  return (
    <span className="gallery-count" data-testid="gallery-count" aria-live="polite">
      {text}
    </span>
  );
}

export function GalleryToolbar() {
  const t = useT(galleryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const model = useGalleryStore((s) => s.filters.model);
  const size = useGalleryStore((s) => s.filters.size);
  const date = useGalleryStore((s) => s.filters.date);
  const isFavoriteOnly = useGalleryStore((s) => s.filters.isFavoriteOnly);
  const isTrash = useGalleryStore((s) => s.filters.isTrash);

  return (
    <div className="gallery-toolbar" role="search" aria-label={t('filters')} data-testid="gallery-toolbar">
      <SearchBox />
      <SearchChips />
      <FilterSelect
        data-testid="filter-model"
        aria-label={t('model')}
        value={model ?? ''}
        onChange={(e) => setFilters({ model: isModelId(e.target.value) ? e.target.value : null })}
      >
        <option value="">{t('anyModel')}</option>
        {MODEL_IDS.map((id) => (
          <option key={id} value={id}>
            {modelFilterLabel(id, locale)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        data-testid="filter-size"
        aria-label={t('size')}
        value={size}
        onChange={(e) => setFilters({ size: e.target.value })}
      >
        <option value="">{t('anySize')}</option>
        <optgroup label={t('ratios')}>
          {RATIOS.map((ratio) => (
            <option key={ratio} value={ratio}>
              {ratio}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('exactSizes')}>
          {SIZE_IDS.map((id) => (
            <option key={id} value={id}>
              {formatSize(id)}
            </option>
          ))}
        </optgroup>
      </FilterSelect>
      <FilterSelect
        data-testid="filter-date"
        aria-label={t('date')}
        value={date}
        onChange={(e) => {
          const preset = DATE_PRESETS.find((p) => p === e.target.value);
          if (preset) setFilters({ date: preset });
        }}
      >
        {DATE_PRESETS.map((preset) => (
          <option key={preset} value={preset}>
            {t(DATE_LABELS[preset])}
          </option>
        ))}
      </FilterSelect>
      <button
        type="button"
        className="gallery-toggle"
        data-testid="filter-favorite"
        aria-pressed={isFavoriteOnly}
        title={t('favoritesOnlyHint')}
        onClick={() => setFilters({ isFavoriteOnly: !isFavoriteOnly })}
      >
        <StarIcon size={15} isFilled={isFavoriteOnly} />
        <span className="gallery-toggle-label">{t('favoritesOnly')}</span>
      </button>
      <TagFilter />
      {/* One unit, so a narrow window moves count and actions to a second row together, kept right. */}
      <div className="gallery-toolbar-end">
        <ThumbnailStatus />
        <CountLabel />
        {isTrash ? (
          <EmptyTrashButton />
        ) : (
          <>
            <StackToggle />
            <ImportButton />
            <ExportsButton />
          </>
        )}
        <button
          type="button"
          className="gallery-toggle"
          data-testid="filter-trash"
          aria-pressed={isTrash}
          title={t('trashHint')}
          onClick={() => setFilters({ isTrash: !isTrash })}
        >
          <TrashIcon size={15} />
          <span className="gallery-toggle-label">{t('trash')}</span>
        </button>
      </div>
    </div>
  );
}
