import { sharedCountThread } from '../library/count-thread';
import { LineageRepository } from '../library/lineage-repository';
import { WanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';
import { imageView, type ViewContext } from './views';

// The gallery's reads (`library.images`, `library.count`, `library.prompts`) and its per-image
// changes (`image.*`), each change announced by `library.changed`.

type GalleryMethods =
  | 'library.images'
  | 'library.count'
  | 'library.prompts'
  | 'image.setFavorite'
  | 'image.trash'
  | 'image.restore'
  | 'image.showInFolder';

export function galleryHandlers(deps: HandlerDeps, ctx: ViewContext): Pick<HandlerMap, GalleryMethods> {
  const { library, gallery, options } = deps;
  // One for the library's life, so its prepared statements are reused by every page.
  const lineage = new LineageRepository(gallery.db);
  // A filtered count reads every match: on its own thread, so pages and clicks are not held up.
  const counts = sharedCountThread(options.nativeBinding);
  const changed = (imageIds: readonly string[], count: number): { changed: number } => {
    if (count > 0) deps.emit('library.changed', { imageIds: [...imageIds] });
    return { changed: count };
  };
  return {
    'library.images': ({ query, cursor, limit }) => {
      const page = gallery.images(query, cursor, limit);
      // One indexed walk down rerun_of for this page's generations, never a count over the library.
      const counts = lineage.versionCounts(page.items.map((i) => i.generation_id));
      const items = page.items.map((item) => {
        const versionCount = counts.get(item.generation_id);
        return versionCount ? { ...imageView(ctx, item), versionCount } : imageView(ctx, item);
      });
      return { items, nextCursor: page.nextCursor };
    },
    'library.count': async ({ query }) => ({ total: await counts.count(gallery, query) }),
    'library.prompts': ({ limit }) => gallery.recentPrompts(limit),
    'image.setFavorite': ({ imageIds, isFavorite }) => changed(imageIds, gallery.setFavorite(imageIds, isFavorite)),
    'image.trash': ({ imageIds }) => changed(imageIds, gallery.trash(imageIds)),
    'image.restore': ({ imageIds }) => changed(imageIds, gallery.restore(imageIds)),
    'image.showInFolder': ({ imageId }) => {
      const rel = gallery.imagePath(imageId);
      if (!rel) throw new WanError('not_in_library', { detail: `no image ${imageId}`, isRetryable: false });
      if (!options.showInFolder) return { isShown: false };
      options.showInFolder(library.store.absolute(rel));
      return { isShown: true };
    },
  };
}
