import type { BatchRowView } from '../../../../shared/batch/batch-contract';
import { withRequestAxes } from '../../../../shared/batch/batch-grid';
import type { ImageView } from '../../../../shared/contract';
import { call } from '../../lib/wan';
import { batchSearch } from './batch-store';

// What the grid view draws: the batch's rows (with their axis values) joined to their images,
// which come through the gallery's own `batch:` filter (trashed images stay out, as in the gallery).

export type GridRow = BatchRowView & { images: ImageView[] };

/** At most this many images are read for one grid; a larger batch is for the gallery and the contact sheet. */
const MAX_IMAGES = 5000;

export function joinRows(rows: readonly BatchRowView[], images: readonly ImageView[]): GridRow[] {
  const byGeneration = new Map<string, ImageView[]>();
  for (const image of images) {
    const list = byGeneration.get(image.generationId) ?? [];
    list.push(image);
    byGeneration.set(image.generationId, list);
  }
  for (const list of byGeneration.values()) list.sort((a, b) => a.index - b.index);
  return withRequestAxes(
    rows.map((row) => ({ ...row, images: row.generationId ? (byGeneration.get(row.generationId) ?? []) : [] })),
  );
}

export async function loadGridRows(batchId: string): Promise<GridRow[]> {
  const rows = await call('batch.rows', { batchId });
  const images: ImageView[] = [];
  let cursor: string | undefined;
  do {
    const page = await call('library.images', {
      query: { search: batchSearch(batchId) },
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    images.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && images.length < MAX_IMAGES);
  return joinRows(rows, images);
}
