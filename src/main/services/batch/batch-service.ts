import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BatchPlanInput, BatchPreview, BatchView } from '../../../shared/batch/batch-types';
import { expandPlan, type Plan, type PlanSource } from '../../../shared/batch/plan';
import { capProblem, estimateRows, DEFAULT_PACE, type Estimate, type Pace } from '../../../shared/batch/pricing';
import type { Locale } from '../../../shared/i18n-messages';
import { InputService } from '../inputs/input-service';
import type { JobEngine } from '../jobs/job-engine';
import type { Library } from '../library/library';
import { systemClock, type Clock } from '../providers/limits';
import { WanError } from '../wan-error';
import { BatchRepository, type BatchRecord } from './batch-repository';
import { BatchRunner } from './batch-runner';
import { planMessage, type PlanText, type Surface } from '../../../shared/batch/plan-messages';
import { LedgerRepository } from './ledger-repository';
import { TemplateRepository } from './template-repository';

// Batches: plan (expand, price, check the caps), save, run through a job engine, pause, resume,
// cancel. Used by the app's `batch.*` handlers and the CLI's `batch` command alike.

export type Provider = { name: string; baseUrl: string };
export type Planned = {
  plan: Plan;
  estimate: Estimate | null;
  capRefusal: string | null;
  capProblem: PlanText | null;
  source: PlanSource;
  templateName: string | null;
};

export type BatchServiceDeps = {
  library: Library;
  clock?: Clock;
  /** The provider's concurrency (Settings) and a typical task time, for the time estimate. */
  pace?: () => Pace;
  /** Files named in a `references` column are read relative to this folder (the CLI's CSV); none in the app. */
  fileBase?: string;
  locale?: () => Locale;
  /** Whose controls a refusal names: the app's fields (default) or the CLI's flags. */
  surface?: Surface;
  onProgress?: (view: BatchView) => void;
};

const PREVIEW_ROWS = 200;

export class BatchService {
  readonly batches: BatchRepository;
  readonly ledger: LedgerRepository;
  readonly templates: TemplateRepository;
  private readonly clock: Clock;
  private readonly runners = new Map<string, BatchRunner>();
  /** Set by stopAll (quitting): a run that ends then is not started again. */
  private isStopping = false;

  constructor(private readonly deps: BatchServiceDeps) {
    this.batches = new BatchRepository(deps.library.db);
    this.ledger = new LedgerRepository(deps.library.db);
    this.templates = new TemplateRepository(deps.library.db);
    this.clock = deps.clock ?? systemClock;
  }

  /** Expands and prices a plan for a provider, without saving or sending anything. */
  plan(input: BatchPlanInput, provider: Provider): Planned {
    const saved = input.template !== undefined ? this.templates.byName(input.template, 'template') : undefined;
    const source: PlanSource = {
      ...(input.file ? { file: input.file } : {}),
      ...(input.template !== undefined ? { template: saved?.body ?? input.template } : {}),
      ...(input.prompt !== undefined ? { prompt: input.prompt } : {}),
      lists: this.templates.lists(),
      seeds: input.seeds ?? 1,
      combine: input.combine ?? 'cross',
      defaults: input.defaults ?? {},
    };
    const locale = this.deps.locale?.() ?? 'en';
    const surface = this.deps.surface ?? 'app';
    const plan = expandPlan(source, { locale, surface });
    if (plan.errorCount > 0)
      return { plan, estimate: null, capRefusal: null, capProblem: null, source, templateName: saved?.name ?? null };
    const estimate = estimateRows(
      plan.rows.map((r) => r.request),
      (model) => this.ledger.priceOf(provider.baseUrl, model),
      this.deps.pace?.() ?? DEFAULT_PACE,
    );
    const problem = capProblem(estimate, { maxImages: input.maxImages, maxCost: input.maxCost });
    const refusal = problem && planMessage(problem, locale, surface);
    return { plan, estimate, capRefusal: refusal, capProblem: problem, source, templateName: saved?.name ?? null };
  }

  preview(input: BatchPlanInput, provider: Provider): BatchPreview {
    const { plan, estimate, capRefusal: refusal, capProblem: problem } = this.plan(input, provider);
    return {
      rows: plan.rows.slice(0, PREVIEW_ROWS).map((r) => ({ index: r.index, request: r.request, vars: r.vars })),
      totalRows: plan.rows.length,
      axes: plan.axes,
      estimate,
      errors: plan.errors,
      errorCount: plan.errorCount,
      capRefusal: refusal,
      capProblem: problem,
    };
  }

  /**
   * Saves the plan as a batch, ready to run: refused (nothing saved, nothing sent) when a row is
   * wrong or the plan passes a cap. Reference images the file names are stored first.
   */
  async create(input: BatchPlanInput, provider: Provider): Promise<BatchRecord> {
    const planned = this.plan(input, provider);
    const { plan, estimate } = planned;
    if (plan.errorCount > 0 || !estimate) {
      const first = plan.errors[0]!;
      const zh = this.deps.locale?.() === 'zh-CN';
      const row = first.row === null ? '' : zh ? `第 ${first.row} 行` : `row ${first.row}`;
      const where = [row, first.column ?? ''].filter(Boolean).join(', ');
      const others = plan.errorCount - 1;
      const more = others > 0 ? (zh ? `（另有 ${others} 处）` : ` (and ${others} more)`) : '';
      throw new WanError('invalid_input', {
        field: first.column ?? 'plan',
        detail: `${where ? `${where}: ` : ''}${first.message}${more}`,
        isRetryable: false,
      });
    }
    if (planned.capRefusal)
      throw new WanError('invalid_input', { field: 'cap', detail: planned.capRefusal, isRetryable: false });
    await this.storeReferences(plan);
    const now = this.clock.now();
    const record = {
      id: `b_${now.toString(36)}${randomBytes(4).toString('hex')}`,
      createdAt: now,
      name: input.name?.trim() || defaultName(input, planned.templateName),
      source: {
        kind: input.file?.kind ?? (input.template !== undefined ? 'template' : 'prompt'),
        fileName: input.file?.name ?? null,
        template: planned.source.template ?? null,
        templateName: planned.templateName,
        seeds: planned.source.seeds ?? 1,
        combine: planned.source.combine ?? 'cross',
        axes: plan.axes,
      },
      status: 'running',
      totalRows: plan.rows.length,
      totalImages: estimate.images,
      estimate,
      maxImages: input.maxImages ?? null,
      maxCost: input.maxCost ?? null,
      providerProfile: provider.name,
      baseUrl: provider.baseUrl,
    } satisfies Omit<BatchRecord, 'updatedAt' | 'finishedAt'>;
    this.batches.insert(record, plan.rows);
    return this.batches.get(record.id)!;
  }

  /** Runs (or carries on) a batch in this process until it is done, paused or canceled. */
  async run(batchId: string, engine: JobEngine, window = 10): Promise<BatchView> {
    const record = this.record(batchId);
    if (record.status === 'done' || record.status === 'canceled') return this.view(batchId);
    if (record.status === 'paused') this.batches.setStatus(batchId, 'running', this.clock.now());
    // Again when a resume landed just as a paused run drained its last sent rows: the batch is
    // running with rows unsent and no run left to send them.
    do {
      const runner = new BatchRunner({
        batches: this.batches,
        engine,
        clock: this.clock,
        window,
        onProgress: (id) => this.deps.onProgress?.(this.view(id)),
      });
      this.runners.set(batchId, runner);
      try {
        await runner.run(batchId);
      } finally {
        this.runners.delete(batchId);
      }
    } while (
      !this.isStopping &&
      this.batches.get(batchId)?.status === 'running' &&
      this.batches.pendingRows(batchId, -1, 1).length > 0
    );
    // Said once more after the claim is given up, so the last event shows it is not running.
    const view = this.view(batchId);
    this.deps.onProgress?.(view);
    return view;
  }

  /** Quitting: every batch this process runs stops enqueueing and its run ends (resumable). */
  stopAll(): void {
    this.isStopping = true;
    for (const runner of this.runners.values()) runner.stop();
  }

  isRunningHere(batchId: string): boolean {
    return this.runners.has(batchId);
  }

  /** No new rows are sent; those in the engine finish. Another process running it sees it within a second. */
  pause(batchId: string): BatchView {
    this.setStatus(batchId, 'paused', ['running']);
    return this.view(batchId);
  }

  /**
   * Resumes a paused batch whose run in this process is still finishing the rows it had sent:
   * that run carries on enqueueing (a second one would find the batch claimed).
   */
  resumeHere(batchId: string): boolean {
    const runner = this.runners.get(batchId);
    if (!runner || this.record(batchId).status !== 'paused') return false;
    this.batches.setStatus(batchId, 'running', this.clock.now());
    runner.poke();
    return true;
  }

  /**
   * Stops the batch for good: rows not yet sent never are, creates still waiting their turn are
   * dropped (nothing billed); tasks already sent finish and land, since they are paid for.
   */
  cancel(batchId: string): BatchView {
    this.setStatus(batchId, 'canceled', ['running', 'paused']);
    return this.view(batchId);
  }

  view(batchId: string): BatchView {
    const record = this.record(batchId);
    const { updatedAt: _updated, ...rest } = record;
    return {
      ...rest,
      counts: this.batches.counts(batchId),
      isRunningNow: this.batches.isRunningSomewhere(batchId, this.clock.now()),
    };
  }

  /** The newest batch left running or paused that no live process works on (`batch --resume`). */
  latestUnfinished(): BatchRecord | undefined {
    return this.batches.latestUnfinished(this.clock.now());
  }

  record(batchId: string): BatchRecord {
    const record = this.batches.get(batchId);
    if (!record) throw new WanError('not_in_library', { detail: `no batch ${batchId}`, isRetryable: false });
    return record;
  }

  private setStatus(batchId: string, status: 'paused' | 'canceled', from: readonly string[]): void {
    const record = this.record(batchId);
    if (!from.includes(record.status))
      throw new WanError('invalid_input', {
        field: 'batch',
        detail: `batch ${batchId} is ${record.status}: only a ${from.join(' or ')} batch can be ${status}`,
        isRetryable: false,
      });
    this.batches.setStatus(batchId, status, this.clock.now());
    this.runners.get(batchId)?.poke();
  }

  /** Stores each distinct reference a row names (a file, a library image id, a stored input's sha256). */
  private async storeReferences(plan: Plan): Promise<void> {
    const inputs = new InputService(this.deps.library, () => this.clock.now());
    const stored = new Map<string, string>();
    for (const row of plan.rows) {
      if (!row.referenceSources) continue;
      const references = [];
      for (const given of row.referenceSources) {
        let sha256 = stored.get(given);
        if (!sha256) {
          sha256 = await this.storeReference(inputs, given);
          stored.set(given, sha256);
        }
        references.push({ sha256, boxes: [] });
      }
      row.request = { ...row.request, references };
    }
  }

  private async storeReference(inputs: InputService, given: string): Promise<string> {
    const locale = this.deps.locale?.() ?? 'en';
    if (this.deps.fileBase !== undefined) {
      const file = path.resolve(this.deps.fileBase, given);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) return (await inputs.add(await readFile(file), path.basename(file), locale)).sha256;
    }
    if (this.deps.library.repo.generationIdOfImage(given)) return (await inputs.fromImage(given, locale)).sha256;
    if (/^[0-9a-f]{64}$/.test(given) && inputs.repo.getInput(given)) return given;
    throw new WanError('invalid_input', {
      field: 'references',
      detail: `"${given}" is not a file${this.deps.fileBase !== undefined ? ` (next to the plan)` : ''}, an image id or a stored reference`,
      isRetryable: false,
    });
  }
}

function defaultName(input: BatchPlanInput, templateName: string | null): string {
  if (input.file) return input.file.name;
  if (templateName) return templateName;
  const text = input.template ?? input.prompt ?? 'batch';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
