import type { StoreApi } from 'zustand/vanilla';
import type { ImageView } from '../../../../shared/contract';
import { stillMatches } from './gallery-filters';
import type { Loader } from './gallery-loader';
import type { GalleryApi, GalleryState } from './gallery-store';
import { insertAt, positionsOf, removePositions, shiftDown, updateItems } from './image-cache';

// Favourite, trash, restore and tags (applied at once, confirmed by main), deleting for good, and
// the live events that keep an open gallery in step with new images and changes made elsewhere.

type Set = StoreApi<GalleryState>['setState'];
type Get = StoreApi<GalleryState>['getState'];
type ImagePatch = Partial<Pick<ImageView, 'isFavorite' | 'deletedAt' | 'tags'>>;

/** What "Undo" needs to put trashed images back where they were. */
export type TrashReceipt = {
  imageIds: string[];
  removed: { position: number; item: ImageView }[];
  queryVersion: number;
};

export type GalleryMutations = {
  setFavorite(imageIds: string[], isFavorite: boolean): Promise<void>;
  trash(imageIds: string[]): Promise<TrashReceipt>;
  undoTrash(receipt: TrashReceipt): Promise<void>;
  /** Takes images out of the trash (the Trash view's Restore). */
  restore(imageIds: string[]): Promise<void>;
  /** Adds and removes tags on images; an image that no longer fits a tag filter leaves the view. */
  tag(imageIds: string[], add: string[], remove: string[]): Promise<void>;
  /** Deletes trashed images for good (all of the trash without ids); answers how many went. */
  emptyTrash(imageIds?: string[]): Promise<number>;
  handleGenerationFinished(): Promise<void>;
  handleLibraryChanged(imageIds: string[]): Promise<void>;
  /** Images were added or deleted elsewhere (import, empty trash): count again and reload in place. */
  handleStructuralChange(): Promise<void>;
};

/** Tags after adding and removing, sorted the way main sorts them. */
export function retag(tags: readonly string[], add: readonly string[], remove: readonly string[]): string[] {
  const next = new Set(tags);
  for (const tag of remove) next.delete(tag);
  for (const tag of add) next.add(tag);
  return [...next].sort();
}

/** Beyond this many generations to re-read, reloading the visible pages is cheaper. */
const MAX_GENERATION_LOOKUPS = 24;

export function createMutations(
  api: GalleryApi,
  loader: Loader,
  set: Set,
  get: Get,
  now: () => number,
): GalleryMutations {
  // Live events run one at a time, so a count and the change it is compared with stay paired.
  let chain: Promise<void> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => {
    chain = chain.then(task).catch((error: unknown) => console.warn('Gallery refresh failed', error));
    return chain;
  };

  /** Patches cached images; those that no longer belong in the view leave it. Returns what left. */
  function apply(patches: Map<string, ImagePatch>): TrashReceipt['removed'] {
    const { cache, query } = get();
    const updated = updateItems(cache, (item) => {
      const patch = patches.get(item.id);
      return patch ? { ...item, ...patch } : null;
    });
    const removed: TrashReceipt['removed'] = [];
    for (const position of positionsOf(updated, new Set(patches.keys())).values()) {
      const item = updated.items.get(position)!;
      if (!stillMatches(item, query)) removed.push({ position, item: cache.items.get(position) ?? item });
    }
    removed.sort((a, b) => a.position - b.position);
    if (removed.length === 0) {
      set({ cache: updated });
      return removed;
    }
    const positions = removed.map((r) => r.position);
    loader.restructure((s) => {
      const total = s.total === null ? null : Math.max(0, s.total - positions.length);
      let openIndex = s.openIndex;
      if (openIndex !== null && total !== null) {
        openIndex -= positions.filter((p) => p < openIndex!).length;
        openIndex = total === 0 ? null : Math.min(openIndex, total - 1);
      }
      const lastRemoved = removed.map((r) => r.item.id);
      return { cache: removePositions(updated, positions), total, openIndex, lastRemoved };
    });
    return removed;
  }

  /** After a failed write: the optimistic view may be wrong, so read it again in place. */
  async function resync(): Promise<void> {
    const { query, queryVersion } = get();
    const total = await api.count(query);
    if (queryVersion === get().queryVersion) loader.reset({ isPositionKept: true, total });
  }

  const patchAll = (ids: string[], patch: ImagePatch): Map<string, ImagePatch> => new Map(ids.map((id) => [id, patch]));

  return {
    async setFavorite(imageIds, isFavorite) {
      apply(patchAll(imageIds, { isFavorite }));
      try {
        await api.setFavorite(imageIds, isFavorite);
      } catch (error) {
        void resync();
        throw error;
      }
    },

    async trash(imageIds) {
      const queryVersion = get().queryVersion;
      const removed = apply(patchAll(imageIds, { deletedAt: now() }));
      try {
        await api.trash(imageIds);
      } catch (error) {
        void resync();
        throw error;
      }
      return { imageIds, removed, queryVersion };
    },

    async undoTrash(receipt) {
      // Put them back first, so the `library.changed` that the restore causes finds them in place.
      if (receipt.queryVersion === get().queryVersion && !get().query.isTrash && receipt.removed.length > 0) {
        loader.restructure((s) => {
          let cache = s.cache;
          // Ascending order: each position was counted with the earlier ones still present.
          for (const { position, item } of receipt.removed)
            cache = insertAt(cache, position, { ...item, deletedAt: null });
          // An open detail view shows what came back: that is what Undo was pressed for.
          const openIndex = s.openIndex === null ? null : receipt.removed[0]!.position;
          return { cache, openIndex, total: s.total === null ? null : s.total + receipt.removed.length };
        });
      }
      try {
        await api.restore(receipt.imageIds);
      } catch (error) {
        void resync();
        throw error;
      }
    },

    async restore(imageIds) {
      apply(patchAll(imageIds, { deletedAt: null }));
      try {
        await api.restore(imageIds);
      } catch (error) {
        void resync();
        throw error;
      }
    },

    async tag(imageIds, add, remove) {
      const { cache } = get();
      const wanted = new Set(imageIds);
      const patches = new Map<string, ImagePatch>();
      for (const item of cache.items.values()) {
        if (wanted.has(item.id)) patches.set(item.id, { tags: retag(item.tags, add, remove) });
      }
      apply(patches);
      try {
        await api.tag(imageIds, add, remove);
      } catch (error) {
        void resync();
        throw error;
      }
    },

    async emptyTrash(imageIds) {
      try {
        return await api.emptyTrash(imageIds);
      } finally {
        // Positions of whatever is left moved; the count says by how much.
        void resync();
      }
    },

    handleStructuralChange: () => serial(resync),

    handleGenerationFinished: () =>
      serial(async () => {
        const { query, queryVersion } = get();
        if (get().total === null) return;
        const counted = await api.count(query);
        const total = get().total;
        if (queryVersion !== get().queryVersion || total === null) return;
        const added = counted - total;
        if (added > 0) {
          // New images are the newest, so they go on top; the first page fetched checks that guess.
          loader.restructure((s) => ({
            cache: shiftDown(s.cache, added),
            total: counted,
            openIndex: s.openIndex === null ? null : s.openIndex + added,
          }));
        } else if (added < 0) {
          loader.reset({ isPositionKept: true, total: counted });
        }
      }),

    handleLibraryChanged: (imageIds) =>
      serial(async () => {
        const { query, queryVersion } = get();
        const ids = new Set(imageIds);
        const found = positionsOf(get().cache, ids);
        const generationIds = [...new Set([...found.values()].map((p) => get().cache.items.get(p)!.generationId))];
        if (generationIds.length > MAX_GENERATION_LOOKUPS) {
          await resync();
          return;
        }
        const views = await Promise.allSettled(generationIds.map((id) => api.generation(id)));
        if (queryVersion !== get().queryVersion) return;
        const patches = new Map<string, ImagePatch>();
        const readGenerations = new Set<string>();
        for (const view of views) {
          if (view.status !== 'fulfilled') continue;
          readGenerations.add(view.value.generation.id);
          for (const image of view.value.images) {
            if (ids.has(image.id)) {
              patches.set(image.id, { isFavorite: image.isFavorite, deletedAt: image.deletedAt, tags: image.tags });
            }
          }
        }
        // A generation lists only images outside the trash: one we read that lacks the image means trashed.
        for (const position of positionsOf(get().cache, ids).values()) {
          const item = get().cache.items.get(position)!;
          if (!patches.has(item.id) && readGenerations.has(item.generationId)) {
            patches.set(item.id, { deletedAt: item.deletedAt ?? now() });
          }
        }
        if (patches.size > 0) apply(patches);
        const counted = await api.count(query);
        if (queryVersion !== get().queryVersion) return;
        // Changes to images we do not hold (another window, the CLI) move positions we cannot see.
        if (counted !== get().total) loader.reset({ isPositionKept: true, total: counted });
      }),
  };
}
