import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../shared/errors';
import type { BatchPlanInput, BatchView } from '../shared/batch/batch-types';
import { sniffDelimiter } from '../shared/batch/csv';
import { formatMoney } from '../shared/batch/pricing';
import { writeContactSheet } from '../main/services/batch/batch-sheet';
import { BatchService } from '../main/services/batch/batch-service';
import { DEFAULT_MAX_CONCURRENT } from '../main/services/jobs/job-engine';
import { WanError } from '../main/services/wan-error';
import { UsageError, toNumber, toText, type CommandSpec, type Values } from './cli-command';
import type { CliContext } from './cli-context';
import { errorLine } from './cli-output';
import { USAGE_COMMAND } from './usage-command';

// `wan-studio batch`: plan a batch from a CSV/TSV, a list of prompts or a template, show its
// estimate, refuse it past a cap, run it through the job engine (progress on stderr), and carry
// a killed one on with `--resume`. See README "Batches".

const say = (text: string): void => void process.stdout.write(`${text}\n`);
const sayJson = (body: unknown): void => say(JSON.stringify(body));

/** The plan file's kind: by its extension, a .csv holding tabs is read as TSV. */
function fileKind(name: string, text: string): 'csv' | 'tsv' | 'lines' {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.csv') return sniffDelimiter(text) === '\t' ? 'tsv' : 'csv';
  return 'lines';
}

function planInput(positionals: string[], v: Values, text: string | undefined): BatchPlanInput {
  const template = toText(v.template, '--template');
  const file = positionals[0];
  if (!file && template === undefined) throw new UsageError('batch takes a FILE (.csv, .tsv, .txt) or a --template.');
  const defaults: NonNullable<BatchPlanInput['defaults']> = {};
  const model = toText(v.model, '--model');
  if (model !== undefined) defaults.model = model;
  const size = toText(v.size, '--size');
  if (size !== undefined) defaults.size = size;
  const n = toNumber(v.n, '--n');
  if (n !== undefined) defaults.n = n;
  if (v.sequential === true) defaults.isSequential = true;
  if (v['no-thinking'] === true) defaults.thinkingMode = false;
  const seeds = toNumber(v.seeds, '--seeds');
  if (seeds !== undefined && !(Number.isInteger(seeds) && seeds >= 1 && seeds <= 1000))
    throw new UsageError('--seeds is a whole number from 1 to 1000.');
  const maxImages = toNumber(v['max-images'], '--max-images');
  if (maxImages !== undefined && !(Number.isInteger(maxImages) && maxImages >= 1))
    throw new UsageError('--max-images is a whole number of at least 1.');
  const maxCost = toNumber(v['max-cost'], '--max-cost');
  if (maxCost !== undefined && !(maxCost >= 0)) throw new UsageError('--max-cost is an amount of at least 0.');
  const combine = toText(v.combine, '--combine');
  if (combine !== undefined && combine !== 'cross' && combine !== 'zip')
    throw new UsageError('--combine is cross or zip.');
  const name = toText(v.name, '--name');
  return {
    ...(file ? { file: { name: path.basename(file), text: text!, kind: fileKind(file, text!) } } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(seeds !== undefined ? { seeds } : {}),
    ...(combine ? { combine } : {}),
    ...(maxImages !== undefined ? { maxImages } : {}),
    ...(maxCost !== undefined ? { maxCost } : {}),
    ...(name ? { name } : {}),
    defaults,
  };
}

function estimateLine(view: Pick<BatchView, 'estimate'>['estimate']): string {
  const cost = view.cost === null ? 'cost in several currencies' : `about ${formatMoney(view.cost, view.currency)}`;
  const isDefault = view.byModel.some((m) => m.priceSource === 'default');
  const minutes = Math.max(1, Math.round(view.seconds / 60));
  return `${view.generations} generations, up to ${view.images} images, ${cost}${isDefault ? ' (default prices)' : ''}, about ${minutes} min`;
}

function countsLine(view: BatchView): string {
  const c = view.counts;
  const parts = [`${c.done + c.failed + c.canceled + c.interrupted}/${view.totalRows} settled`, `${c.done} done`];
  if (c.active) parts.push(`${c.active} running`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.interrupted) parts.push(`${c.interrupted} interrupted`);
  if (c.canceled) parts.push(`${c.canceled} canceled`);
  parts.push(`${c.images} images`);
  return `batch ${view.id}: ${parts.join(', ')}`;
}

/**
 * Progress on stderr: one rewritten line on a terminal; in a pipe or a log, a line when rows
 * settle, at most one a second (and always the last), so a long batch does not flood it.
 */
function progressWriter(): { onProgress: (view: BatchView) => void; end: () => void } {
  let last = '';
  let lastAt = 0;
  let lastSettled = -1;
  const isTty = process.stderr.isTTY === true;
  return {
    onProgress: (view) => {
      const line = countsLine(view);
      if (line === last) return;
      if (!isTty) {
        const c = view.counts;
        const settled = c.done + c.failed + c.canceled + c.interrupted;
        const isLast = settled === view.totalRows || !view.isRunningNow;
        if (settled === lastSettled && !isLast) return;
        if (!isLast && Date.now() - lastAt < 1000) return;
        lastSettled = settled;
        lastAt = Date.now();
      }
      last = line;
      process.stderr.write(isTty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    end: () => (isTty && last ? void process.stderr.write('\n') : undefined),
  };
}

/** `batch --contact-sheet ID DIR`: the batch's grid as one PNG in DIR (see README "Contact sheets"). */
async function contactSheet(positionals: string[], v: Values, ctx: CliContext): Promise<number> {
  const [batchId, folder] = positionals;
  if (!batchId || !folder || positionals.length > 2)
    throw new UsageError('batch --contact-sheet takes a batch id and a folder.');
  const service = new BatchService({ library: ctx.library, locale: () => ctx.locale, surface: 'cli' });
  const x = toText(v.x, '--x');
  const y = toText(v.y, '--y');
  const sheet = await writeContactSheet(ctx.library, service, {
    batchId,
    folder: path.resolve(folder),
    ...(x !== undefined ? { xAxis: x } : {}),
    ...(y !== undefined ? { yAxis: y } : {}),
  });
  if (v.json === true) sayJson({ contactSheet: sheet });
  else say(`${sheet.path} (${sheet.width}×${sheet.height}, ${sheet.images} images)`);
  return 0;
}

async function runBatch(positionals: string[], v: Values, ctx: CliContext): Promise<number> {
  if (v['contact-sheet'] === true) return contactSheet(positionals, v, ctx);
  const isJson = v.json === true;
  const progress = progressWriter();
  const planFile = v.resume === true ? undefined : positionals[0];
  const service = new BatchService({
    library: ctx.library,
    locale: () => ctx.locale,
    surface: 'cli',
    fileBase: planFile ? path.dirname(path.resolve(planFile)) : undefined,
    onProgress: progress.onProgress,
  });
  const provider = { name: 'default', baseUrl: ctx.baseUrl };
  let batchId: string;
  if (v.resume === true) {
    if (positionals.length > 1) throw new UsageError('batch --resume takes at most one batch id.');
    const found = positionals[0] ? service.record(positionals[0]) : service.latestUnfinished();
    if (!found) {
      if (isJson) sayJson({ batch: null });
      else say('No batch to resume.');
      return 0;
    }
    if (found.baseUrl !== ctx.baseUrl)
      throw new WanError('invalid_input', {
        field: 'baseUrl',
        detail: `batch ${found.id} runs at ${found.baseUrl}; resume it there (--base-url ${found.baseUrl})`,
        isRetryable: false,
      });
    batchId = found.id;
  } else {
    if (positionals.length > 1) throw new UsageError('batch takes one FILE.');
    const text = planFile ? await readPlanFile(planFile) : undefined;
    const input = planInput(positionals, v, text);
    if (v['dry-run'] === true) return dryRun(service, input, provider, isJson);
    // The key is checked first: a batch is saved only when it can start.
    ctx.engine();
    const batch = await service.create(input, provider);
    process.stderr.write(`batch ${batch.id}: ${estimateLine(batch.estimate)}\n`);
    batchId = batch.id;
  }
  const view = await service.run(batchId, ctx.engine(), DEFAULT_MAX_CONCURRENT * 2);
  await ctx.engine().idle();
  progress.end();
  if (isJson) sayJson({ batch: view });
  else say(countsLine(view));
  const c = view.counts;
  return view.status === 'done' && c.failed === 0 && c.interrupted === 0 ? 0 : 1;
}

async function readPlanFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(err)}.`,
    );
  }
}

/** The expanded plan and its estimate; nothing is saved or sent. Exit 2 when it could not start. */
function dryRun(
  service: BatchService,
  input: BatchPlanInput,
  provider: { name: string; baseUrl: string },
  isJson: boolean,
): number {
  const { plan, estimate, capRefusal } = service.plan(input, provider);
  for (const e of plan.errors)
    process.stderr.write(
      `${[e.row !== null ? `row ${e.row}` : '', e.column ?? ''].filter(Boolean).join(', ')}: ${e.message}\n`,
    );
  if (plan.errorCount > plan.errors.length)
    process.stderr.write(`… and ${plan.errorCount - plan.errors.length} more\n`);
  if (capRefusal) process.stderr.write(`${capRefusal}\n`);
  if (isJson) {
    const rows = plan.rows.map((r) => ({
      index: r.index,
      ...r.request,
      ...(r.referenceSources ? { referenceSources: r.referenceSources } : {}),
      vars: r.vars,
    }));
    sayJson({
      plan: { rows, totalRows: plan.rows.length, axes: plan.axes },
      estimate,
      capRefusal,
      errors: plan.errors,
      errorCount: plan.errorCount,
    });
  } else if (estimate) {
    for (const r of plan.rows)
      say(
        `${String(r.index + 1).padStart(5)}  ${r.request.model}  ${r.request.size}  n=${r.request.n}  seed=${r.request.seed}  ${r.request.prompt}`,
      );
    say(estimateLine(estimate));
  }
  return plan.errorCount > 0 || capRefusal ? 2 : 0;
}

export const BATCH_COMMANDS: Record<string, CommandSpec> = {
  batch: {
    options: {
      template: { type: 'string' },
      seeds: { type: 'string' },
      'max-images': { type: 'string' },
      'max-cost': { type: 'string' },
      'dry-run': { type: 'boolean' },
      resume: { type: 'boolean' },
      'contact-sheet': { type: 'boolean' },
      x: { type: 'string' },
      y: { type: 'string' },
      combine: { type: 'string' },
      name: { type: 'string' },
      model: { type: 'string' },
      size: { type: 'string' },
      n: { type: 'string' },
      sequential: { type: 'boolean' },
      'no-thinking': { type: 'boolean' },
    },
    usage: [
      'batch [FILE.csv|FILE.tsv|FILE.txt] [--template TEXT|NAME] [--seeds N] [--combine cross|zip]',
      '      [--max-images N] [--max-cost AMOUNT] [--dry-run] [--name NAME] [--model ID] [--size WxH] [--n N]',
      'batch --resume [BATCH-ID]        carry on a killed or paused batch; no row is created twice',
      'batch --contact-sheet BATCH-ID DIR [--x AXIS] [--y AXIS]   the batch as an X/Y grid in one PNG',
    ],
    run: async (positionals, values, ctx) => {
      try {
        return await runBatch(positionals, values, ctx);
      } catch (err) {
        if (!(err instanceof WanError) || !['invalid_input', 'not_in_library', 'library_busy'].includes(err.code))
          throw err;
        // A refused plan or cap: said in full (the detail names the row and column), exit 2.
        const value = err.toValue();
        process.stderr.write(`${value.detail ?? errorLine(value, ctx.locale)}\n`);
        if (values.json === true)
          sayJson({
            batch: null,
            error: {
              code: value.code,
              message: describeError(value, ctx.locale),
              detail: value.detail ?? null,
              field: value.field ?? null,
            },
          });
        return 2;
      }
    },
  },
  ...USAGE_COMMAND,
};
