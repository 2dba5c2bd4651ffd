import type { DragEvent } from 'react';

// Library images dragged from the gallery or the queue onto the studio (or its sidebar entry)
// carry their ids in a type of our own, so a drop from elsewhere is never mistaken for one.

export const IMAGE_DRAG_TYPE = 'application/x-wan-image-ids';

export function startImageDrag(event: DragEvent<HTMLElement>, imageIds: readonly string[]): void {
  event.dataTransfer.setData(IMAGE_DRAG_TYPE, JSON.stringify(imageIds));
  event.dataTransfer.effectAllowed = 'copy';
}

/** During dragover only the types are readable, not the data. */
export function isImageDrag(dataTransfer: DataTransfer): boolean {
  return [...dataTransfer.types].includes(IMAGE_DRAG_TYPE);
}

export function isFileDrag(dataTransfer: DataTransfer): boolean {
  return [...dataTransfer.types].includes('Files');
}

export function imageIdsOf(dataTransfer: DataTransfer): string[] {
  try {
    const parsed: unknown = JSON.parse(dataTransfer.getData(IMAGE_DRAG_TYPE) || '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
