import { defineStrings, useLocaleStore, useT } from '../../lib/i18n';
import { describeProblem, filterLabel, parseSearch, removeSpan } from '../../../../shared/search-syntax';
import { BatchChipAction } from '../batch/BatchChipAction';
import { galleryStore, useGalleryStore } from './gallery-store';
import './search-chips.css';

// The filters typed in the search box (`tag:夏天 seed:42`), one chip each under the toolbar, so a
// person sees what narrows the view and can take one out (click, or Tab + Enter). A filter that
// could not be read is shown with the reason and is not applied. Typed filters add to the
// toolbar's own (model, size, favourites, tags): an image must pass both.

const strings = defineStrings({
  typedFilters: { en: 'Filters in the search', 'zh-CN': '搜索中的筛选条件' },
  remove: { en: 'Remove filter {label}', 'zh-CN': '移除筛选条件 {label}' },
  notApplied: { en: 'not applied: {reason}', 'zh-CN': '未应用:{reason}' },
});

export function SearchChips() {
  const t = useT(strings);
  const locale = useLocaleStore((s) => s.locale);
  const search = useGalleryStore((s) => s.filters.search);
  const { filters, problems } = parseSearch(search);
  if (filters.length === 0 && problems.length === 0) return null;

  const remove = (span: { start: number; end: number }): void => {
    galleryStore.getState().setFilters({ search: removeSpan(search, span) });
    // The chip is gone; the search box is where the person was typing the filters.
    document.querySelector<HTMLInputElement>('[data-testid="gallery-search"]')?.focus();
  };
  const chips = [
    ...filters.map((f) => ({
      span: f,
      label: filterLabel(f),
      problem: null as string | null,
      batchId: f.filter.key === 'batch' ? f.filter.batchId : null,
    })),
    ...problems.map((p) => ({ span: p, label: p.raw, problem: describeProblem(p, locale), batchId: null })),
  ].sort((a, b) => a.span.start - b.span.start);

  return (
    <ul className="search-chips" aria-label={t('typedFilters')} data-testid="search-chips">
      {chips.map(({ span, label, problem, batchId }) => (
        <li
          key={span.start}
          className={problem ? 'search-chip is-invalid' : 'search-chip'}
          data-testid="search-chip"
          data-state={problem ? 'error' : 'ok'}
        >
          <span className="search-chip-label">{label}</span>
          {problem && <span className="search-chip-problem">{t('notApplied', { reason: problem })}</span>}
          {batchId && <BatchChipAction batchId={batchId} />}
          <button
            type="button"
            className="search-chip-remove"
            aria-label={t('remove', { label })}
            title={t('remove', { label })}
            onClick={() => remove(span)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
