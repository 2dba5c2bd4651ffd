import { useEffect } from 'react';
import { useT } from '../../lib/i18n';
import { galleryStore, useGalleryStore } from './gallery-store';
import { FilterSelect } from './FilterSelect';
import { selectionStrings } from './selection-strings';
import { ensureTags, useTagStore } from './tag-store';
import { TagChip } from './TagInput';

// Filter by tags: a menu adds a tag, each chosen tag shows as a chip that removes it. Images must
// carry every chosen tag (the contract's `query.tags`), which is how people narrow a tagged pile.

const MAX_TAG_FILTERS = 10;

export function TagFilter() {
  const t = useT(selectionStrings);
  const chosen = useGalleryStore((s) => s.filters.tags);
  const all = useTagStore((s) => s.tags);
  // After the first page: main answers one call at a time, and counting the tags of a million
  // images (~0.5 s) ahead of it would hold back the first tiles.
  const isFirstPageIn = useGalleryStore((s) => s.cache.items.size > 0 || s.total !== null || s.error !== null);
  useEffect(() => {
    if (isFirstPageIn) ensureTags();
  }, [isFirstPageIn]);
  const offered = all.filter((tag) => !chosen.includes(tag.name));
  const setTags = (tags: readonly string[]): void => galleryStore.getState().setFilters({ tags });
  if (all.length === 0 && chosen.length === 0) return null;
  return (
    <div className="tag-filter">
      {chosen.length > 0 && (
        <div className="tag-filter-chips">
          {chosen.map((name) => (
            <TagChip
              key={name}
              name={name}
              removeLabel={t('removeTag', { name })}
              onRemove={() => setTags(chosen.filter((x) => x !== name))}
            />
          ))}
        </div>
      )}
      {offered.length > 0 && chosen.length < MAX_TAG_FILTERS && (
        <FilterSelect
          data-testid="filter-tag"
          aria-label={t('tagFilter')}
          value=""
          onChange={(e) => {
            if (e.target.value) setTags([...chosen, e.target.value]);
          }}
        >
          <option value="">{chosen.length === 0 ? t('anyTag') : t('anotherTag')}</option>
          {offered.map((tag) => (
            <option key={tag.name} value={tag.name}>
              {t('tagOption', { name: tag.name, n: tag.count })}
            </option>
          ))}
        </FilterSelect>
      )}
    </div>
  );
}
