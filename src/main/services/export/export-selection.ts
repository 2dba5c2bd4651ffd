import type { ExportSelection } from '../../../shared/contract';
import type { GenerationRecord, ImageRecord } from '../../../shared/library-types';
import type { GalleryRepository } from '../library/gallery-repository';
import type { LibraryRepository } from '../library/library-repository';
import { TagRepository } from '../library/tag-repository';
import { WanError } from '../wan-error';

// What an export selection means in images: each with its generation, oldest first and in set
// order, so numbered set folders and {index} read the way the images were made.

/** setSize: how many images the generation has in the library (its image set); tags: the image's. */
export type SelectedImage = { image: ImageRecord; generation: GenerationRecord; setSize: number; tags: string[] };

const PAGE = 500;

export function resolveSelection(
  selection: ExportSelection,
  repo: LibraryRepository,
  gallery: GalleryRepository,
): SelectedImage[] {
  const wanted = new Set<string>();
  const byGeneration = new Map<
    string,
    { generation: GenerationRecord; images: ImageRecord[]; tags: Map<string, string[]> }
  >();
  const tagRepo = new TagRepository(gallery.db);
  const missing: string[] = [];

  const loadGeneration = (
    generationId: string,
  ): { generation: GenerationRecord; images: ImageRecord[] } | undefined => {
    const known = byGeneration.get(generationId);
    if (known) return known;
    const generation = repo.getGeneration(generationId);
    if (!generation) return undefined;
    // Trashed images stay exportable when chosen by id (from the trash view, say).
    const entry = {
      generation,
      images: repo.imagesOf(generationId, true),
      tags: tagRepo.tagsOfGeneration(generationId),
    };
    byGeneration.set(generationId, entry);
    return entry;
  };
  const addImage = (imageId: string): void => {
    const generationId = gallery.generationIdOf(imageId);
    if (!generationId || !loadGeneration(generationId)) missing.push(imageId);
    else wanted.add(imageId);
  };

  if (selection.kind === 'images') selection.imageIds.forEach(addImage);
  if (selection.kind === 'generations') {
    // The CLI takes generation or image ids alike.
    for (const id of selection.generationIds) {
      const entry = loadGeneration(id);
      if (entry) entry.images.filter((i) => i.deletedAt === null).forEach((i) => wanted.add(i.id));
      else addImage(id);
    }
  }
  if (selection.kind === 'query') {
    const except = new Set(selection.exceptImageIds ?? []);
    let cursor: string | undefined;
    do {
      const page = gallery.images(selection.query, cursor, PAGE);
      for (const item of page.items) if (!except.has(item.id)) addImage(item.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  if (missing.length > 0)
    throw new WanError('not_found', {
      detail: `not in this library: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      isRetryable: false,
    });

  const out: SelectedImage[] = [];
  for (const { generation, images, tags } of byGeneration.values())
    for (const image of images)
      if (wanted.has(image.id)) out.push({ image, generation, setSize: images.length, tags: tags.get(image.id) ?? [] });
  out.sort(
    (a, b) =>
      a.generation.createdAt - b.generation.createdAt ||
      a.generation.id.localeCompare(b.generation.id) ||
      a.image.index - b.image.index,
  );
  return out;
}
