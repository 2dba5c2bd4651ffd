import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildGrid, pageLabel, withRequestAxes } from '../../../shared/batch/batch-grid';
import { existsAt, numberedPath, prepareDestination } from '../export/export-plan';
import type { Library } from '../library/library';
import type { BatchService } from './batch-service';
import { renderContactSheet } from './contact-sheet';

// `batch.contactSheet` and `wan-studio batch --contact-sheet`: the batch's grid (the same layout
// the renderer's grid view shows, from batch-grid.ts) written as one PNG into a folder that passes
// the export destination checks (absolute, not a system folder, not inside the library).

export type ContactSheetRequest = {
  batchId: string;
  folder: string;
  xAxis?: string | null;
  yAxis?: string | null;
  cellSize?: number;
};

export type ContactSheetResult = { path: string; width: number; height: number; rows: number; images: number };

/** A file name from the batch's name: no separators or characters a file system refuses. */
export function sheetFileName(name: string): string {
  const safe = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${safe || 'batch'} contact sheet.png`;
}

export async function writeContactSheet(
  library: Library,
  service: BatchService,
  request: ContactSheetRequest,
): Promise<ContactSheetResult> {
  const record = service.record(request.batchId);
  const folder = await prepareDestination(request.folder, library.home);
  const stored = service.batches.rows(request.batchId);
  const rows = withRequestAxes(
    stored.map((r) => ({
      index: r.index,
      vars: r.vars,
      prompt: r.request.prompt,
      model: r.request.model,
      size: r.request.size,
      seed: r.request.seed,
      files: r.generationId ? library.repo.imagesOf(r.generationId).map((i) => library.store.absolute(i.path)) : [],
    })),
  );
  const grid = buildGrid(rows, { x: request.xAxis, y: request.yAxis, preferred: record.source.axes });
  const sheet = await renderContactSheet({
    title: record.name,
    xAxis: grid.x,
    yAxis: grid.y,
    xValues: grid.xValues,
    yValues: grid.yValues,
    pages: grid.pages.map((page) => ({
      label: pageLabel(page),
      cells: page.cells.map((line) => line.map((cell) => cell.flatMap((row) => row.files))),
    })),
    cellSize: request.cellSize,
  });
  const wanted = sheetFileName(record.name);
  const isTaken = (rel: string): boolean => existsAt(folder, rel);
  const rel = isTaken(wanted) ? numberedPath(wanted, isTaken) : wanted;
  const file = path.join(folder, rel);
  // 'wx': never over a file that appeared since the name was chosen.
  await writeFile(file, sheet.png, { flag: 'wx' });
  return {
    path: file,
    width: sheet.width,
    height: sheet.height,
    rows: rows.length,
    images: rows.reduce((sum, r) => sum + r.files.length, 0),
  };
}
