import type { ExportSelection } from '../../../shared/contract';
import type { GenerationRecord, ImageRecord } from '../../../shared/library-types';
import type { GalleryRepository } from '../library/gallery-repository';
import type { LibraryRepository } from '../library/library-repository';
import { TagRepository } from '../library/tag-repository';
import { InputRepository, type GenerationInput } from '../inputs/input-repository';
import { WanError } from '../wan-error';

// What an export selection means in images: each with its generation, oldest first and in set
// order, so numbered set folders and {index} read the way the images were made.

/** setSize: how many images the generation has in the library (its image set); tags: the image's. */
export type SelectedImage = {
  image: ImageRecord;
  generation: GenerationRecord;
  setSize: number;
  tags: string[];
  /** The generation's reference images, in order. */
  inputs: GenerationInput[];
};

const PAGE = 500;

/** Image, generation and tags by image or generation id, loaded once per generation. */
export class SelectionLookup {
  private readonly byImage = new Map<string, SelectedImage>();
  private readonly byGeneration = new Map<string, SelectedImage[] | null>();
  private readonly tags: TagRepository;
  private readonly inputs: InputRepository;

  constructor(private readonly deps: { repo: LibraryRepository; gallery: GalleryRepository }) {
    this.tags = new TagRepository(deps.gallery.db);
    this.inputs = new InputRepository(deps.gallery.db);
  }

  get(imageId: string): SelectedImage | undefined {
    const known = this.byImage.get(imageId);
    if (known) return known;
    const generationId = this.deps.gallery.generationIdOf(imageId);
    if (generationId) this.generation(generationId);
    return this.byImage.get(imageId);
  }

  /** Every image of a generation, trashed ones included (they stay exportable when chosen by id). */
  generation(generationId: string): SelectedImage[] | undefined {
    if (!this.byGeneration.has(generationId)) {
      const generation = this.deps.repo.getGeneration(generationId);
      const images = generation ? this.deps.repo.imagesOf(generationId, true) : [];
      const tags = generation ? this.tags.tagsOfGeneration(generationId) : new Map<string, string[]>();
      const inputs = generation ? this.inputs.inputsOf(generationId) : [];
      const entries = images.map((image) => ({
        image,
        generation: generation!,
        setSize: images.length,
        tags: tags.get(image.id) ?? [],
        inputs,
      }));
      for (const entry of entries) this.byImage.set(entry.image.id, entry);
      this.byGeneration.set(generationId, generation ? entries : null);
    }
    return this.byGeneration.get(generationId) ?? undefined;
  }
}

export function resolveSelection(
  selection: ExportSelection,
  lookup: SelectionLookup,
  gallery: GalleryRepository,
): SelectedImage[] {
  const wanted = new Map<string, SelectedImage>();
  const missing: string[] = [];
  const addImage = (imageId: string): void => {
    const found = lookup.get(imageId);
    if (found) wanted.set(imageId, found);
    else missing.push(imageId);
  };

  if (selection.kind === 'images') selection.imageIds.forEach(addImage);
  if (selection.kind === 'generations') {
    // The CLI takes generation or image ids alike.
    for (const id of selection.generationIds) {
      const entries = lookup.generation(id);
      if (entries) for (const e of entries) if (e.image.deletedAt === null) wanted.set(e.image.id, e);
      if (!entries) addImage(id);
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
    throw new WanError('not_in_library', {
      detail: `not in this library: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      isRetryable: false,
    });
  return [...wanted.values()].sort(
    (a, b) =>
      a.generation.createdAt - b.generation.createdAt ||
      a.generation.id.localeCompare(b.generation.id) ||
      a.image.index - b.image.index,
  );
}
