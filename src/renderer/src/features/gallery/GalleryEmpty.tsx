import { useNavigationStore } from '../../app/navigation-store';
import { Button } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { useLibraryTasks } from '../library/library-tasks';
import { emptyStrings } from './empty-strings';
import { DEFAULT_FILTERS, hasFilters } from './gallery-filters';
import { galleryStore, useGalleryStore } from './gallery-store';
import { galleryStrings } from './strings';

// What the gallery shows when it has nothing to show, and the way forward from there: an empty
// library leads to the Studio or an import, a search that matches nothing to clearing it, an
// empty trash back to the images.

export function GalleryEmpty() {
  const t = useT(galleryStrings);
  const e = useT(emptyStrings);
  const total = useGalleryStore((s) => s.total);
  const filters = useGalleryStore((s) => s.filters);
  if (total !== 0) return null;
  const isFiltered = hasFilters(filters);
  const kind = isFiltered ? 'no-match' : filters.isTrash ? 'trash' : 'library';
  const title = kind === 'no-match' ? t('noMatchTitle') : kind === 'trash' ? t('trashEmptyTitle') : t('emptyTitle');
  const body =
    kind === 'no-match'
      ? e(filters.isTrash ? 'noMatchTrashBody' : 'noMatchBody')
      : kind === 'trash'
        ? e('trashEmptyBody')
        : e('emptyBody');
  return (
    <div className="gallery-empty" data-testid="gallery-empty" data-kind={kind}>
      <h2>{title}</h2>
      <p>{body}</p>
      <div className="gallery-empty-actions">
        {kind === 'no-match' && (
          <Button
            size="sm"
            variant="primary"
            data-testid="gallery-empty-clear"
            onClick={() => galleryStore.getState().setFilters({ ...DEFAULT_FILTERS, isTrash: filters.isTrash })}
          >
            {e('clearSearch')}
          </Button>
        )}
        {kind === 'trash' && (
          <Button
            size="sm"
            data-testid="gallery-empty-back"
            onClick={() => galleryStore.getState().setFilters({ ...filters, isTrash: false })}
          >
            {e('backToGallery')}
          </Button>
        )}
        {kind === 'library' && (
          <>
            <Button
              size="sm"
              variant="primary"
              data-testid="gallery-empty-studio"
              onClick={() => useNavigationStore.getState().setView('studio')}
            >
              {e('goToStudio')}
            </Button>
            <Button
              size="sm"
              data-testid="gallery-empty-import"
              onClick={() => useLibraryTasks.getState().open('import')}
            >
              {e('importImages')}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
