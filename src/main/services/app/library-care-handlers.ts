import { emptyTrash } from '../library/gallery-repository';
import { backupLibrary } from '../library/library-backup';
import { moveLibrary } from '../library/library-move';
import type { TagRepository } from '../library/tag-repository';
import { WanError } from '../wan-error';
import type { HandlerDeps, HandlerMap } from './app-types';

// Library care: tags, emptying the trash, backup and move. Backup and move answer when they end
// and report along the way through `library.progressed`.

type LibraryCareMethods = 'image.tag' | 'library.tags' | 'library.emptyTrash' | 'library.backup' | 'library.move';

/** What library care needs beyond the shared handler deps; the switchable services provide it. */
export type LibraryCare = {
  tags: TagRepository;
  /** Why the library cannot move now (jobs or an export running), or null once it is quiet. */
  busyReason: () => Promise<string | null>;
  /** After a verified move: close these services and carry on in the new folder. */
  switchTo: (home: string) => Promise<void>;
  /** The default home whose pointer a move updates (Electron's userData); defaults to defaultLibraryHome(). */
  defaultHome?: string;
};

/** Progress events at most every 1% (and at the ends): a 100,000-image copy must not flood the renderer. */
export function progressEmitter(
  deps: HandlerDeps,
  task: 'import' | 'backup' | 'move',
): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const step = Math.floor((done * 100) / Math.max(total, 1));
    if (step === last && done !== total) return;
    last = step;
    deps.emit('library.progressed', { task, done, total });
  };
}

export function libraryCareHandlers(deps: HandlerDeps, care: LibraryCare): Pick<HandlerMap, LibraryCareMethods> {
  const { library, gallery } = deps;
  return {
    'image.tag': ({ imageIds, add, remove }) => {
      const changed = care.tags.tagImages(imageIds, add, remove);
      if (changed > 0) deps.emit('library.changed', { imageIds: [...imageIds] });
      return { changed };
    },
    'library.tags': () => care.tags.counts(),
    'library.emptyTrash': async ({ imageIds }) => {
      const removed = await emptyTrash(gallery, library.store, imageIds);
      if (removed.length > 0)
        deps.emit('library.changed', { imageIds: removed.map((image) => image.id), isStructural: true });
      return { removed: removed.length };
    },
    'library.backup': ({ folder }) => backupLibrary(library, folder, progressEmitter(deps, 'backup')),
    'library.move': async ({ folder }) => {
      const busy = await care.busyReason();
      if (busy) throw new WanError('library_busy', { detail: busy, isRetryable: true });
      const moved = await moveLibrary(library, folder, {
        onProgress: progressEmitter(deps, 'move'),
        defaultHome: care.defaultHome,
      });
      await care.switchTo(moved.libraryPath);
      return { libraryPath: moved.libraryPath, images: moved.images, bytes: moved.bytes };
    },
  };
}
