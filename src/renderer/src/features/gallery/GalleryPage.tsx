import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors';
import { Button } from '../../components/Button';
import { useLocaleStore, useT } from '../../lib/i18n';
import { DetailDialog } from './DetailDialog';
import { hasFilters, DEFAULT_FILTERS } from './gallery-filters';
import { galleryStore, useGalleryStore } from './gallery-store';
import { GalleryGrid } from './GalleryGrid';
import { GalleryToolbar } from './GalleryToolbar';
import { galleryStrings } from './strings';
import { UndoToast } from './UndoToast';
import './gallery.css';
import './gallery-tile.css';
import './detail.css';

// Every image in the library, newest first, from local files only.

function EmptyState() {
  const t = useT(galleryStrings);
  const total = useGalleryStore((s) => s.total);
  const filters = useGalleryStore((s) => s.filters);
  if (total !== 0) return null;
  const isFiltered = hasFilters(filters);
  const [title, body] = filters.isTrash
    ? [t('trashEmptyTitle'), t('trashEmptyBody')]
    : isFiltered
      ? [t('noMatchTitle'), t('noMatchBody')]
      : [t('emptyTitle'), t('emptyBody')];
  return (
    <div className="gallery-empty" data-testid="gallery-empty">
      <h2>{title}</h2>
      <p>{body}</p>
      {isFiltered && (
        <Button
          size="sm"
          onClick={() => galleryStore.getState().setFilters({ ...DEFAULT_FILTERS, isTrash: filters.isTrash })}
        >
          {t('clearFilters')}
        </Button>
      )}
    </div>
  );
}

function LoadError() {
  const t = useT(galleryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const error = useGalleryStore((s) => s.error);
  if (!error) return null;
  return (
    <div className="gallery-error" role="alert" data-testid="gallery-error">
      <span>
        {t('loadFailed')} {describeError(error, locale)}
      </span>
      <Button size="sm" onClick={() => galleryStore.getState().load()}>
        {t('retry')}
      </Button>
    </div>
  );
}

export function GalleryPage() {
  const t = useT(galleryStrings);
  const isDetailOpen = useGalleryStore((s) => s.openIndex !== null);

  useEffect(() => {
    const store = galleryStore.getState();
    // Coming back from the Studio: what was made meanwhile goes on top.
    if (store.total === null) store.load();
    else void store.handleGenerationFinished();
    const offFinished = window.wan.on(
      'generation.finished',
      () => void galleryStore.getState().handleGenerationFinished(),
    );
    const offChanged = window.wan.on(
      'library.changed',
      ({ imageIds }) => void galleryStore.getState().handleLibraryChanged(imageIds),
    );
    return () => {
      offFinished();
      offChanged();
    };
  }, []);

  return (
    <section className="gallery-page" aria-label={t('gallery')} data-testid="gallery-page">
      <GalleryToolbar />
      <LoadError />
      <GalleryGrid>
        <EmptyState />
      </GalleryGrid>
      {!isDetailOpen && <UndoToast />}
      <DetailDialog />
    </section>
  );
}
