import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors';
import { Button } from '../../components/Button';
import { useLocaleStore, useT } from '../../lib/i18n';
import { onEvent } from '../../lib/wan';
import { DetailDialog } from './DetailDialog';
import { GalleryEmpty } from './GalleryEmpty';
import { galleryStore, useGalleryStore } from './gallery-store';
import { GalleryGrid } from './GalleryGrid';
import { GalleryToolbar } from './GalleryToolbar';
import { hasSelection } from './selection-model';
import { SelectionBar } from './SelectionBar';
import { selectionStore } from './selection-store';
import { galleryStrings } from './strings';
import { refreshTags } from './tag-store';
import './gallery.css';
import './gallery-toolbar.css';
import './gallery-tile.css';
import './detail.css';
import './selection.css';

// Every image in the library, newest first, from local files only.

/** Ctrl/Cmd+A and Escape for the selection, wherever focus is on the page except in a text field or a dialog. */
function onPageKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
  if (target?.closest('dialog') || document.querySelector('dialog[open]')) return;
  const selection = selectionStore.getState();
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
    event.preventDefault();
    selection.selectAll();
  } else if (event.key === 'Escape' && hasSelection(selection.selection)) {
    event.preventDefault();
    selection.clear();
  }
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

  useEffect(() => {
    const store = galleryStore.getState();
    // Coming back from the Studio: what was made meanwhile goes on top.
    if (store.total === null) store.load();
    else void store.handleGenerationFinished();
    const offFinished = onEvent('generation.finished', ({ view }) => {
      const gallery = galleryStore.getState();
      // A version stacked under its original adds no tile but changes the original's count: reread.
      const isStackedVersion =
        Boolean(view?.generation.rerunOf) && gallery.filters.isStacked && !gallery.filters.isTrash;
      void (isStackedVersion ? gallery.handleStructuralChange() : gallery.handleGenerationFinished());
    });
    const offChanged = onEvent('library.changed', ({ imageIds, isStructural }) => {
      const gallery = galleryStore.getState();
      void (isStructural ? gallery.handleStructuralChange() : gallery.handleLibraryChanged(imageIds));
      // Deleted images must not stay selected; tag counts may have moved.
      if (isStructural) selectionStore.getState().forget(imageIds);
      refreshTags();
    });
    document.addEventListener('keydown', onPageKeyDown);
    return () => {
      offFinished();
      offChanged();
      document.removeEventListener('keydown', onPageKeyDown);
    };
  }, []);

  return (
    <section className="gallery-page" aria-labelledby="gallery-title" data-testid="gallery-page">
      {/* Every screen has one h1; the toolbar is this one's visible heading. */}
      <h1 id="gallery-title" className="visually-hidden">
        {t('gallery')}
      </h1>
      <GalleryToolbar />
      <SelectionBar />
      <LoadError />
      <GalleryGrid>
        <GalleryEmpty />
      </GalleryGrid>
      <DetailDialog />
    </section>
  );
}
