import { existsSync } from 'node:fs';
import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSelection } from '../../../shared/contract';
import { checkTemplate, pathKey, templateProblem } from '../../../shared/export-names';
import {
  exportOptionsSchema,
  type ExportOptions,
  type ExportOptionsInput,
  type ExportStatus,
  type ExportView,
} from '../../../shared/export-types';
import { newGenerationId } from '../jobs/job-records';
import { hashFile, isProcessAlive, makeDirectory } from '../library/byte-streams';
import type { GalleryRepository } from '../library/gallery-repository';
import { resolveInside } from '../library/image-store';
import type { Library } from '../library/library';
import { WanError } from '../wan-error';
import { ExportRepository, type ExportItem } from './export-repository';
import { DurableBatches, type StagedItem } from './export-commit';
import { DoneBatch, asExportError, isSourceProblem, publishStaged } from './export-steps';
import { decideConflicts, planPaths, prepareDestination } from './export-plan';
import { isInside } from '../library/library-files';
import { SelectionLookup, resolveSelection } from './export-selection';
import { writeExportFile } from './export-writer';
import { manifestEntryFor, writeManifests } from './manifest';
import { copyInputsForExport } from '../inputs/input-transfer';
import { wanMetadataFor } from './metadata';

// Export as a job: planned into SQLite first, then written item by item to temp files, made
// durable and named in batches (export-commit.ts), each batch recorded, so a cancel, a quit, a
// SIGKILL or a power cut loses nothing and resume carries on exactly where it stopped. Services
// only: the app and the CLI both drive this.

export type ExportEvent =
  | { name: 'export.progressed'; payload: ExportView & { currentFile: string | null } }
  | { name: 'export.finished'; payload: ExportView };

export type ExportEngineDeps = {
  library: Library;
  gallery: GalleryRepository;
  now?: () => number;
  /** Files written at once: one reads while another writes (default 4). */
  concurrency?: number;
  /** Files per durability batch (default 32; see export-commit.ts). */
  batchFiles?: number;
  /** At most one progress event per this many ms per export (default 100). */
  progressIntervalMs?: number;
};

type Running = { controller: AbortController; reason: 'cancel' | 'stop' | undefined; done: Promise<ExportView> };

export const tempPathFor = (finalAbs: string, exportId: string, seq: number): string =>
  path.join(path.dirname(finalAbs), `.${path.basename(finalAbs)}.${exportId.slice(-6)}-${seq}.wan-part`);

export class ExportEngine {
  readonly repo: ExportRepository;
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<(event: ExportEvent) => void>();
  private readonly now: () => number;

  constructor(private readonly deps: ExportEngineDeps) {
    this.repo = new ExportRepository(deps.library.db);
    this.now = deps.now ?? Date.now;
  }

  on(listener: (event: ExportEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isBusy(): boolean {
    return this.running.size > 0;
  }

  /** Plans the export (refusing a bad folder or an empty selection before anything is written), then runs it. */
  async start(selection: ExportSelection, input: ExportOptionsInput): Promise<ExportView> {
    const options = exportOptionsSchema.parse(input);
    refuseBadTemplate(options.template);
    // The selection first: a refused export must not leave a new, empty folder behind.
    const selected = resolveSelection(selection, this.lookup(), this.deps.gallery);
    if (selected.length === 0)
      throw new WanError('not_in_library', { detail: 'no images match this selection', isRetryable: false });
    const destination = await prepareDestination(options.destination, this.deps.library.home);
    const id = newGenerationId(this.now());
    const planned = decideConflicts(destination, planPaths(selected, options), options.onConflict);
    this.repo.create(id, destination, { ...options, destination }, planned, this.now());
    this.launch(id);
    return this.view(id);
  }

  /** The first `limit` planned paths (no folder is touched) and the number of images in all. */
  preview(
    selection: ExportSelection,
    options: Pick<ExportOptions, 'template' | 'layout' | 'format'>,
    limit: number,
  ): { paths: string[]; total: number } {
    refuseBadTemplate(options.template);
    const selected = resolveSelection(selection, this.lookup(), this.deps.gallery);
    // Only the first names are shown, but numbering sets and keeping names apart needs them all.
    const planned = planPaths(selected, options);
    return { paths: planned.slice(0, limit).map((p) => p.plannedPath), total: planned.length };
  }

  /** Carries on an export that was canceled, interrupted, failed or killed; failed items are tried again. */
  resume(id: string): ExportView {
    const view = this.view(id);
    if (this.running.has(id) || view.status === 'done') return view;
    const claim = this.repo.claim(id, process.pid, isProcessAlive);
    if (!claim.ok)
      throw new WanError('library_busy', {
        detail: `export ${id} is being written by another Wan Studio process (pid ${claim.pid})`,
        isRetryable: true,
      });
    this.repo.retryFailed(id);
    this.repo.setStatus(id, 'running', null, this.now());
    this.launch(id);
    return this.view(id);
  }

  /**
   * Exports a previous run left unfinished (killed, or stopped by a quit); not canceled ones.
   * With `isFailedIncluded` (the CLI's `export --resume`), also those that failed for their
   * destination (a full disk, a read-only or vanished folder): space may be back now.
   */
  resumeUnfinished(options: { isFailedIncluded?: boolean } = {}): string[] {
    const failed = options.isFailedIncluded
      ? this.repo.byStatus(['failed']).filter((v) => v.error && RESUMABLE_FAILURES.has(v.error.code))
      : [];
    const ids = [...this.repo.byStatus(['running', 'interrupted']), ...failed]
      .map((v) => v.id)
      .filter((id) => !this.running.has(id));
    // One another process is still writing stays with that process.
    return ids.filter((id) => {
      try {
        this.resume(id);
        return true;
      } catch (err) {
        if (err instanceof WanError && err.code === 'library_busy') return false;
        throw err;
      }
    });
  }

  cancel(id: string): boolean {
    const entry = this.running.get(id);
    if (!entry) return false;
    entry.reason = 'cancel';
    entry.controller.abort();
    return true;
  }

  async wait(id: string): Promise<ExportView> {
    return (await this.running.get(id)?.done) ?? this.view(id);
  }

  list(limit: number): ExportView[] {
    return this.repo.list(limit);
  }

  view(id: string): ExportView {
    const view = this.repo.get(id);
    if (!view) throw new WanError('not_in_library', { detail: `no export ${id}`, isRetryable: false });
    return view;
  }

  /** Stops every running export as `interrupted` (resumed at the next start) and waits for them. */
  async stop(): Promise<void> {
    const all = [...this.running.values()];
    for (const entry of all) {
      entry.reason = 'stop';
      entry.controller.abort();
    }
    await Promise.allSettled(all.map((e) => e.done));
  }

  private lookup(): SelectionLookup {
    return new SelectionLookup({ repo: this.deps.library.repo, gallery: this.deps.gallery });
  }

  private emit(event: ExportEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private launch(id: string): void {
    const entry: Running = { controller: new AbortController(), reason: undefined, done: Promise.resolve(null!) };
    entry.done = this.run(id, entry).finally(() => this.running.delete(id));
    this.running.set(id, entry);
  }

  private async run(id: string, entry: Running): Promise<ExportView> {
    const signal = entry.controller.signal;
    const view = this.view(id);
    const lookup = this.lookup();
    let status: ExportStatus = 'done';
    let error: WanError | null = null;
    const batch = new DoneBatch(this.repo, id, this.now);
    try {
      await makeDirectory(view.destination);
      const ctx: WriteContext = {
        id,
        root: await realpath(view.destination),
        options: view.options,
        lookup,
        signal,
        checkedDirs: new Set(),
        claimed: new Set(this.repo.items(id).flatMap((i) => (i.finalPath ? [pathKey(i.finalPath)] : []))),
      };
      const items = this.repo.unfinishedItems(id);
      const progress = this.progressReporter(id, batch);
      const durable = new DurableBatches({
        publish: (staged) =>
          publishStaged(staged, {
            ...ctx,
            onConflict: ctx.options.onConflict,
            markSkipped: (seq) => this.repo.markSkipped(id, seq),
          }),
        record: (written) => {
          written.forEach((w) => batch.add(w));
          if (written.length > 0) progress(written.at(-1)!.finalPath);
        },
        batchFiles: this.deps.batchFiles,
        signal,
      });
      let next = 0;
      let isStopping = false;
      const worker = async (): Promise<void> => {
        const scratch = { buffer: Buffer.alloc(0) };
        while (!isStopping && next < items.length) {
          signal.throwIfAborted();
          const item = items[next++]!;
          try {
            const staged = await this.writeItem(ctx, item, scratch);
            if (staged) await durable.add(staged);
            progress(staged?.finalRel ?? item.plannedPath);
          } catch (err) {
            // One worker's fatal error (a full disk) stops the others after their current file.
            isStopping = true;
            throw err;
          }
        }
      };
      // Every worker must have stopped (and recorded what it published) before the status is set.
      const settled = await Promise.allSettled(Array.from({ length: this.deps.concurrency ?? 4 }, worker));
      const failure = settled.find((r) => r.status === 'rejected');
      if (failure) {
        await durable.discard();
        throw failure.reason;
      }
      await durable.finish().catch(async (err: unknown) => {
        await durable.discard();
        throw err;
      });
      batch.flush();
      const done = this.repo.items(id).filter((item) => item.status === 'done');
      const chosen = done.flatMap((item) => {
        const selected = lookup.get(item.imageId);
        return selected ? [{ item, selected }] : [];
      });
      // Reference images travel along (once each, in inputs/), so an import can rebuild them.
      await copyInputsForExport(
        this.deps.library,
        ctx.root,
        chosen.flatMap(({ selected }) => selected.inputs),
      );
      await writeManifests(
        ctx.root,
        chosen.map(({ item, selected }) => manifestEntryFor(selected, item, view.options.format)),
      );
    } catch (err) {
      if (signal.aborted) status = entry.reason === 'cancel' ? 'canceled' : 'interrupted';
      else {
        status = 'failed';
        error = asExportError(err, view.destination);
      }
    }
    batch.flush();
    this.repo.setStatus(id, status, error?.toValue() ?? null, this.now());
    this.repo.release(id, process.pid);
    const finished = this.view(id);
    this.emit({ name: 'export.finished', payload: finished });
    return finished;
  }

  private progressReporter(id: string, batch: DoneBatch): (currentFile: string) => void {
    const interval = this.deps.progressIntervalMs ?? 100;
    let last = 0;
    return (currentFile) => {
      const at = this.now();
      if (at - last < interval) return;
      last = at;
      batch.flush();
      this.emit({ name: 'export.progressed', payload: { ...this.view(id), currentFile } });
    };
  }

  /** Writes one item to its temp name; returns it for its batch, or undefined when it failed. */
  private async writeItem(
    ctx: WriteContext,
    item: ExportItem,
    scratch: { buffer: Buffer },
  ): Promise<StagedItem | undefined> {
    const { id, root, options, signal } = ctx;
    const selected = ctx.lookup.get(item.imageId);
    if (!selected) {
      this.repo.markFailed(id, item.seq, 'the image is no longer in the library');
      return undefined;
    }
    const finalRel = item.finalPath ?? item.plannedPath;
    const finalAbs = resolveInside(root, finalRel);
    if (!finalAbs) {
      this.repo.markFailed(id, item.seq, `refused an unsafe file name: ${finalRel}`);
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
    await this.checkDir(ctx, path.dirname(finalAbs));
    const sourcePath = this.deps.library.store.absolute(selected.image.path);
    try {
      // The original is checked against its record (from the bytes the writer read, or read
      // alongside an encode): one that no longer matches (changed or damaged on disk) is still
      // exported, with a warning on its item (README "Export").
      const meta = options.isMetadataIncluded
        ? wanMetadataFor(selected.generation, selected.image, selected.setSize, selected.tags, selected.inputs)
        : null;
      const request = { sourcePath, sourceMime: selected.image.mime, tempPath, meta, signal, scratch };
      const writing = writeExportFile({ ...request, format: options.format, quality: options.quality });
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
        this.repo.markFailed(id, item.seq, `could not read the library's image: ${(err as Error).message}`);
        return undefined;
      }
      throw err;
    }
  }

  /** Makes a folder once per export, and checks a symlink inside the destination does not lead out. */
  private async checkDir(ctx: WriteContext, dir: string): Promise<void> {
    if (ctx.checkedDirs.has(dir)) return;
    await makeDirectory(dir);
    if (!isInside(await realpath(dir), ctx.root))
      throw new WanError('bad_folder', { detail: `${dir} leads outside ${ctx.root}`, isRetryable: false });
    ctx.checkedDirs.add(dir);
  }
}

type WriteContext = {
  id: string;
  root: string;
  options: ExportView['options'];
  lookup: SelectionLookup;
  signal: AbortSignal;
  checkedDirs: Set<string>;
  claimed: Set<string>;
};

/** Failures of the destination that space or permission coming back can cure. */
const RESUMABLE_FAILURES: ReadonlySet<string> = new Set(['disk_full', 'write_failed', 'read_only', 'disk']);

function refuseBadTemplate(text: string): void {
  const template = checkTemplate(text);
  if (!template.ok)
    throw new WanError('invalid_input', {
      field: 'template',
      detail: templateProblem(template) ?? `bad template token ${template.token}`,
      isRetryable: false,
    });
}
