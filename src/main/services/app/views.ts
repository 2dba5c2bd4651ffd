import { join } from 'node:path';
import type { GenerationView, ImageView, RetryPlanView } from '../../../shared/contract';
import type { GenerationWithImages } from '../../../shared/library-types';
import type { GalleryItem } from '../library/gallery-repository';
import { thumbnailRelPath } from '../library/image-store';
import type { GenerationInput } from '../inputs/input-repository';

// Records as the renderer sees them: with URLs it may load, never remote ones.

export type ViewContext = { home: string; mediaUrl: (relPath: string) => string };

const absolute = (ctx: ViewContext, rel: string): string => join(ctx.home, ...rel.split('/'));

/**
 * A tile's URL is always a thumbnail's, never the original's: one not made yet is made when the
 * tile asks for it (tile-files.ts), so the gallery never decodes a 4K original for a tile.
 */
export function thumbUrlOf(
  ctx: ViewContext,
  image: { id: string; thumbPath: string | null; createdAt: number },
): string | null {
  if (image.thumbPath) return ctx.mediaUrl(image.thumbPath);
  try {
    return ctx.mediaUrl(thumbnailRelPath(image.id, new Date(image.createdAt)));
  } catch {
    return null; // an id the store would refuse: nothing to make a thumbnail for
  }
}

export function imageView(ctx: ViewContext, item: GalleryItem): ImageView {
  return {
    id: item.id,
    generationId: item.generation_id,
    index: item.idx,
    setSize: item.set_size,
    isSequential: item.isSequential,
    url: ctx.mediaUrl(item.path),
    thumbUrl: thumbUrlOf(ctx, { id: item.id, thumbPath: item.thumb_path, createdAt: item.created_at }),
    filePath: absolute(ctx, item.path),
    width: item.width,
    height: item.height,
    bytes: item.bytes,
    mime: item.mime,
    isFavorite: item.is_favorite === 1,
    createdAt: item.created_at,
    deletedAt: item.deleted_at,
    prompt: item.prompt,
    model: item.model,
    size: item.size,
    seed: item.seed,
    tags: item.tags,
  };
}

/** `tags`: tag names per image id of this generation (TagRepository.tagsOfGeneration); absent = none. */
export function generationView(
  ctx: ViewContext,
  entry: GenerationWithImages,
  tags: ReadonlyMap<string, string[]>,
  retry: RetryPlanView | null = null,
  inputs: readonly GenerationInput[] = [],
): GenerationView {
  const g = entry.generation;
  return {
    generation: g,
    retry,
    inputs: inputs.map((input) => ({
      sha256: input.sha256,
      mime: input.mime,
      width: input.width,
      height: input.height,
      bytes: input.bytes,
      url: ctx.mediaUrl(input.path),
      note: input.note,
      index: input.index,
      boxes: input.boxes.map(([x1, y1, x2, y2]) => [x1, y1, x2, y2] as [number, number, number, number]),
    })),
    images: entry.images.map((image) => ({
      id: image.id,
      generationId: g.id,
      index: image.index,
      setSize: entry.images.length,
      isSequential: g.parameters.isSequential,
      url: ctx.mediaUrl(image.path),
      thumbUrl: thumbUrlOf(ctx, image),
      filePath: absolute(ctx, image.path),
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      mime: image.mime,
      isFavorite: image.isFavorite,
      createdAt: image.createdAt,
      deletedAt: image.deletedAt,
      prompt: g.prompt,
      model: g.model,
      size: g.size,
      seed: g.seed,
      tags: tags.get(image.id) ?? [],
    })),
  };
}
