import { existsSync } from 'node:fs';
import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExportView } from '../../../shared/export-types';
import { hashFile, makeDirectory } from '../library/byte-streams';
import { resolveInside } from '../library/image-store';
import { isInside } from '../library/library-files';
import { WanError } from '../wan-error';
import type { DirectWrites } from './direct-io';
import type { DurableBatches, StagedItem } from './export-commit';
import type { ExportItem, ExportRepository } from './export-repository';
import type { SelectionLookup } from './export-selection';
import { isSourceProblem } from './export-steps';
import { writeExportFile } from './export-writer';
import type { HashThreads } from './hash-threads';
import { wanMetadataFor } from './metadata';

// Writing an export's items: a few lanes at once, each item to its temp name (export-writer.ts),
// handed to its durability batch (export-commit.ts). The engine (export-engine.ts) plans, runs
// and records; this is the part that touches the files.

/** What every item of one export run shares. */
export type WriteContext = {
  id: string;
  repo: ExportRepository;
  store: { absolute(rel: string): string };
  root: string;
  options: ExportView['options'];
  lookup: SelectionLookup;
  signal: AbortSignal;
  checkedDirs: Set<string>;
  claimed: Set<string>;
  hashes: HashThreads;
  direct: DirectWrites;
};

export const tempPathFor = (finalAbs: string, exportId: string, seq: number): string =>
  path.join(path.dirname(finalAbs), `.${path.basename(finalAbs)}.${exportId.slice(-6)}-${seq}.wan-part`);

/**
 * Writes `items` in `concurrency` lanes (default 4: one reads while another writes and two
 * threads hash). Resolves once every lane has stopped; a fatal error (a full disk) stops the
 * other lanes after their current file, then what was staged and not committed is removed.
 */
export async function writeItems(
  ctx: WriteContext,
  items: readonly ExportItem[],
  run: { durable: DurableBatches; progress: (currentFile: string) => void; concurrency?: number },
): Promise<void> {
  let next = 0;
  let isStopping = false;
  const lane = async (): Promise<void> => {
    // One reused buffer per lane (see export-writer.ts): fresh multi-MB buffers fault on every page.
    const scratch = { buffer: Buffer.alloc(0) };
    while (!isStopping && next < items.length) {
      ctx.signal.throwIfAborted();
      const item = items[next++]!;
      try {
        const staged = await writeItem(ctx, item, scratch);
        if (staged) await run.durable.add(staged);
        run.progress(staged?.finalRel ?? item.plannedPath);
      } catch (err) {
        isStopping = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: run.concurrency ?? 4 }, lane));
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) {
    await run.durable.discard();
    throw failure.reason;
  }
}

/** Writes one item to its temp name; returns it for its batch, or undefined when it failed. */
async function writeItem(
  ctx: WriteContext,
  item: ExportItem,
  scratch: { buffer: Buffer },
): Promise<StagedItem | undefined> {
  const { id, root, options, signal } = ctx;
  const selected = ctx.lookup.get(item.imageId);
  if (!selected) {
    ctx.repo.markFailed(id, item.seq, 'the image is no longer in the library');
    return undefined;
  }
  const finalRel = item.finalPath ?? item.plannedPath;
  const finalAbs = resolveInside(root, finalRel);
  if (!finalAbs) {
    ctx.repo.markFailed(id, item.seq, `refused an unsafe file name: ${finalRel}`);
    return undefined;
  }
  const tempPath = tempPathFor(finalAbs, id, item.seq);
  if (!item.isOverwrite && existsSync(finalAbs)) {
    // A fresh name that is taken now was taken by this export before it was killed: files only
    // ever appear there whole (rename or link), so keep it rather than write it twice.
    await rm(tempPath, { force: true });
    const found = await hashFile(finalAbs);
    return { seq: item.seq, tempPath, finalRel, finalAbs, isOverwrite: false, ...found, isPublished: true };
  }
  await checkDir(ctx, path.dirname(finalAbs));
  const sourcePath = ctx.store.absolute(selected.image.path);
  try {
    // The original is checked against its record (from the bytes the writer read, or read
    // alongside an encode): one that no longer matches (changed or damaged on disk) is still
    // exported, with a warning on its item (README "Export").
    const meta = options.isMetadataIncluded
      ? wanMetadataFor(selected.generation, selected.image, selected.setSize, selected.tags, selected.inputs)
      : null;
    const writing = writeExportFile({
      sourcePath,
      sourceMime: selected.image.mime,
      tempPath,
      meta,
      signal,
      scratch,
      hashes: ctx.hashes,
      direct: ctx.direct,
      format: options.format,
      quality: options.quality,
    });
    const isOneRead = options.format === 'png' && selected.image.mime === 'image/png';
    const [written, original] = await Promise.all([writing, isOneRead ? undefined : hashFile(sourcePath)]);
    const originalSha256 = written.sourceSha256 ?? original?.sha256;
    const warning =
      originalSha256 === selected.image.sha256
        ? undefined
        : `the library's original ${selected.image.path} no longer matches its record (sha256 ${originalSha256?.slice(0, 12)}…, expected ${selected.image.sha256.slice(0, 12)}…): it may be damaged`;
    signal.throwIfAborted();
    const { sha256, bytes } = written;
    return { seq: item.seq, tempPath, finalRel, finalAbs, isOverwrite: item.isOverwrite, sha256, bytes, warning };
  } catch (err) {
    await rm(tempPath, { force: true });
    if (signal.aborted) throw err;
    if (isSourceProblem(err, sourcePath)) {
      ctx.repo.markFailed(id, item.seq, `could not read the library's image: ${(err as Error).message}`);
      return undefined;
    }
    throw err;
  }
}

/** Makes a folder once per export, and checks a symlink inside the destination does not lead out. */
async function checkDir(ctx: WriteContext, dir: string): Promise<void> {
  if (ctx.checkedDirs.has(dir)) return;
  await makeDirectory(dir);
  if (!isInside(await realpath(dir), ctx.root))
    throw new WanError('bad_folder', { detail: `${dir} leads outside ${ctx.root}`, isRetryable: false });
  ctx.checkedDirs.add(dir);
}
