import type { GalleryQuery, ImageView } from '../../../src/shared/contract';
import type { GenerationRecord } from '../../../src/shared/library-types';
import type { GalleryApi } from '../../../src/renderer/src/features/gallery/gallery-store';

// An in-memory library behind the gallery's slice of the contract, paging by keyset cursor the
// way main does, so store tests exercise real paging, counting and event handling.

export function makeImage(n: number, overrides: Partial<ImageView> = {}): ImageView {
  return {
    id: `img-${n}`,
    generationId: `gen-${n}`,
    index: 0,
    setSize: 1,
    isSequential: false,
    url: `/media/${n}.png`,
    thumbUrl: `/media/${n}.thumb.webp`,
    filePath: `/lib/${n}.png`,
    width: 1024,
    height: 1024,
    bytes: 1000,
    mime: 'image/png',
    isFavorite: false,
    createdAt: 1_000_000 + n * 1000,
    deletedAt: null,
    prompt: `prompt ${n} 小猫`,
    model: 'wan2.7-image',
    size: '1024x1024',
    seed: n,
    tags: [],
    ...overrides,
  };
}

export function makeRecord(id: string, overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id,
    createdAt: 1_000_000,
    updatedAt: 1_000_000,
    status: 'done',
    model: 'wan2.7-image',
    prompt: 'a small cat 小猫',
    size: '1024x1024',
    n: 1,
    seed: 42,
    parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
    mode: 'async',
    providerProfile: 'sim',
    baseUrl: 'http://127.0.0.1:1',
    taskId: null,
    progress: 100,
    revisedPrompts: [],
    usage: null,
    error: null,
    submittedAt: 1_000_500,
    finishedAt: 1_012_000,
    rerunOf: null,
    ...overrides,
  };
}

type Cursor = { createdAt: number; id: string };

const newestFirst = (a: ImageView, b: ImageView): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export type FakeLibrary = GalleryApi & {
  all: ImageView[];
  calls: { method: string; input: unknown }[];
  add(image: ImageView): void;
};

export function fakeLibrary(count: number): FakeLibrary {
  const all = Array.from({ length: count }, (_, i) => makeImage(i + 1));
  const calls: FakeLibrary['calls'] = [];
  const matching = (query: GalleryQuery): ImageView[] =>
    all
      .filter((image) => (query.isTrash ? image.deletedAt !== null : image.deletedAt === null))
      .filter((image) => !query.isFavorite || image.isFavorite)
      .filter((image) => !query.search || image.prompt.includes(query.search))
      .filter((image) => !query.tags || query.tags.every((tag) => image.tags.includes(tag)))
      .sort(newestFirst);
  const patch = (ids: string[], change: Partial<ImageView>): void => {
    for (const [i, image] of all.entries()) if (ids.includes(image.id)) all[i] = { ...image, ...change };
  };

  return {
    all,
    calls,
    add(image) {
      all.push(image);
    },
    async images({ query, cursor, limit }) {
      calls.push({ method: 'images', input: { query, cursor, limit } });
      let list = matching(query);
      if (cursor) {
        const after = JSON.parse(cursor) as Cursor;
        list = list.filter(
          (i) => i.createdAt < after.createdAt || (i.createdAt === after.createdAt && i.id < after.id),
        );
      }
      const items = list.slice(0, limit);
      const last = items.at(-1);
      const nextCursor =
        list.length > limit && last
          ? JSON.stringify({ createdAt: last.createdAt, id: last.id } satisfies Cursor)
          : null;
      return { items, nextCursor };
    },
    async count(query) {
      calls.push({ method: 'count', input: query });
      return matching(query).length;
    },
    async generation(generationId) {
      calls.push({ method: 'generation', input: generationId });
      const images = all.filter((i) => i.generationId === generationId && i.deletedAt === null);
      return { generation: makeRecord(generationId), images, inputs: [] };
    },
    async setFavorite(imageIds, isFavorite) {
      calls.push({ method: 'setFavorite', input: imageIds });
      patch(imageIds, { isFavorite });
    },
    async trash(imageIds) {
      calls.push({ method: 'trash', input: imageIds });
      patch(imageIds, { deletedAt: 5 });
    },
    async restore(imageIds) {
      calls.push({ method: 'restore', input: imageIds });
      patch(imageIds, { deletedAt: null });
    },
    async tag(imageIds, add, remove) {
      calls.push({ method: 'tag', input: { imageIds, add, remove } });
      for (const [i, image] of all.entries()) {
        if (!imageIds.includes(image.id)) continue;
        const tags = new Set(image.tags);
        for (const name of remove) tags.delete(name);
        for (const name of add) tags.add(name);
        all[i] = { ...image, tags: [...tags].sort() };
      }
    },
    async emptyTrash(imageIds) {
      calls.push({ method: 'emptyTrash', input: imageIds });
      const doomed = all.filter((image) => image.deletedAt !== null && (!imageIds || imageIds.includes(image.id)));
      for (const image of doomed) all.splice(all.indexOf(image), 1);
      return doomed.length;
    },
  };
}

/** Lets every pending promise chain finish: the fake answers at once, so one macrotask is enough. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
