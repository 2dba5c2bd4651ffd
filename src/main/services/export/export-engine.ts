import { realpath } from 'node:fs/promises';
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
import { isProcessAlive, makeDirectory } from '../library/byte-streams';
import type { GalleryRepository } from '../library/gallery-repository';
import type { Library } from '../library/library';
import { WanError } from '../wan-error';
import { ExportRepository } from './export-repository';
import { DurableBatches } from './export-commit';
import { DoneBatch, asExportError, publishStaged } from './export-steps';
import { decideConflicts, planPaths, prepareDestination } from './export-plan';
import { SelectionLookup, resolveSelection } from './export-selection';
import { writeItems, type WriteContext } from './export-items';
import { HashThreads } from './hash-threads';
import { DirectWrites } from './direct-io';
import { manifestEntryFor, writeManifests } from './manifest';
import { copyInputsForExport } from '../inputs/input-transfer';

export { tempPathFor } from './export-items';

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
  /** Direct I/O where the system has it (default true; see direct-io.ts). */
  isDirectIo?: boolean;
};

type Running = { controller: AbortController; reason: 'cancel' | 'stop' | undefined; done: Promise<ExportView> };

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
    const hashes = new HashThreads();
    try {
      await makeDirectory(view.destination);
      const ctx: WriteContext = {
        id,
        repo: this.repo,
        store: this.deps.library.store,
        root: await realpath(view.destination),
        options: view.options,
        lookup,
        signal,
        checkedDirs: new Set(),
        hashes,
        direct: new DirectWrites(this.deps.isDirectIo ?? true),
        claimed: new Set(this.repo.items(id).flatMap((i) => (i.finalPath ? [pathKey(i.finalPath)] : []))),
      };
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
      // Every lane must have stopped (and recorded what it published) before the status is set.
      await writeItems(ctx, this.repo.unfinishedItems(id), { durable, progress, concurrency: this.deps.concurrency });
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
    await hashes.close();
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
}

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
