import { z } from 'zod';

// The shapes batches, prices, templates and the usage ledger have when they cross the boundary
// (contract methods `batch.*`, `prices.*`, `templates.*`, `usage.*`) and in the CLI's --json.

export const BATCH_STATUSES = ['running', 'paused', 'canceled', 'done'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

const id = z.string().min(1).max(80);
const money = z.number().min(0).max(1_000_000_000);

/** Where a plan came from, kept with the batch (the file's text itself is not kept). */
export const batchSourceInfoSchema = z.object({
  kind: z.enum(['prompt', 'lines', 'csv', 'tsv', 'template']),
  fileName: z.string().nullable(),
  template: z.string().nullable(),
  /** The saved template's name when `--template NAME` named one. */
  templateName: z.string().nullable(),
  seeds: z.number().int(),
  combine: z.enum(['cross', 'zip']),
  /** The axes that vary from row to row (CSV columns, template choices, lists, seed). */
  axes: z.array(z.string()),
});
export type BatchSourceInfo = z.infer<typeof batchSourceInfoSchema>;

/** What a plan is made from, as the renderer or the CLI sends it. */
export const batchPlanInputSchema = z.object({
  /** The file's text and how to read it; `lines` is one prompt per line. */
  file: z
    .object({
      name: z.string().max(260),
      text: z.string().max(64 * 1024 * 1024),
      kind: z.enum(['csv', 'tsv', 'lines']),
    })
    .optional(),
  /** Template text, or the name of a saved template. */
  template: z.string().max(20_000).optional(),
  prompt: z.string().max(20_000).optional(),
  seeds: z.number().int().min(1).max(1000).optional(),
  combine: z.enum(['cross', 'zip']).optional(),
  /** Fields every row starts from; the file's columns override them. */
  defaults: z
    .object({
      model: z.string(),
      size: z.string(),
      n: z.number(),
      seed: z.number(),
      isSequential: z.boolean(),
      thinkingMode: z.boolean(),
      colorPalette: z.string(),
      watermark: z.boolean(),
      responseFormat: z.enum(['url', 'b64_json']),
      mode: z.enum(['async', 'sync']),
    })
    .partial()
    .optional(),
  maxImages: z.number().int().min(1).max(1_000_000).nullable().optional(),
  maxCost: money.nullable().optional(),
  name: z.string().trim().max(120).optional(),
  profileId: id.optional(),
});
export type BatchPlanInput = z.input<typeof batchPlanInputSchema>;

export const modelEstimateSchema = z.object({
  model: z.string(),
  generations: z.number().int(),
  images: z.number().int(),
  perImage: z.number(),
  currency: z.string(),
  priceSource: z.enum(['default', 'custom']),
  cost: z.number(),
});

export const estimateSchema = z.object({
  generations: z.number().int(),
  images: z.number().int(),
  cost: z.number().nullable(),
  currency: z.string(),
  byModel: z.array(modelEstimateSchema),
  seconds: z.number(),
  pace: z.object({ concurrency: z.number(), createsPerSecond: z.number(), taskSeconds: z.number() }),
});

const planMessageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const planErrorSchema = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
  /** What went wrong as a code (shared/batch/plan-messages.ts), for the app to word in its locale. */
  code: z.string().optional(),
  params: planMessageParamsSchema.optional(),
});

/** A plan before it starts: the first rows, its estimate, and whether the caps let it start. */
export const batchPreviewSchema = z.object({
  rows: z.array(
    z.object({
      index: z.number().int(),
      request: z.record(z.string(), z.unknown()),
      vars: z.record(z.string(), z.string()),
    }),
  ),
  totalRows: z.number().int(),
  axes: z.array(z.string()),
  estimate: estimateSchema.nullable(),
  errors: z.array(planErrorSchema),
  errorCount: z.number().int(),
  /** Why it may not start under the caps; null when it may. */
  capRefusal: z.string().nullable(),
  /** The same as a code with its parameters, for the app to word in its locale. */
  capProblem: z.object({ code: z.string(), params: planMessageParamsSchema }).nullable(),
});
export type BatchPreview = z.infer<typeof batchPreviewSchema>;

export const batchCountsSchema = z.object({
  /** Rows with a generation (queued or later). */
  enqueued: z.number().int(),
  /** Generations queued, sending, generating or downloading. */
  active: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  canceled: z.number().int(),
  /** Cut off while the create was in flight: possibly billed, never resent on its own. */
  interrupted: z.number().int(),
  /** Images in the library (not in the trash). */
  images: z.number().int(),
  billedImages: z.number().int(),
});
export type BatchCounts = z.infer<typeof batchCountsSchema>;

export const batchViewSchema = z.object({
  id,
  name: z.string(),
  status: z.enum(BATCH_STATUSES),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  source: batchSourceInfoSchema,
  totalRows: z.number().int(),
  totalImages: z.number().int(),
  estimate: estimateSchema,
  maxImages: z.number().int().nullable(),
  maxCost: z.number().nullable(),
  providerProfile: z.string(),
  baseUrl: z.string(),
  counts: batchCountsSchema,
  /** A live process (this app, another window, a CLI) is working through it now. */
  isRunningNow: z.boolean(),
});
export type BatchView = z.infer<typeof batchViewSchema>;

export const priceSchema = z.object({
  baseUrl: z.string(),
  model: z.string(),
  perImage: z.number(),
  currency: z.string(),
  source: z.enum(['default', 'custom']),
});
export type PriceView = z.infer<typeof priceSchema>;

export const savedTemplateSchema = z.object({
  id,
  name: z.string(),
  kind: z.enum(['template', 'list']),
  body: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SavedTemplate = z.infer<typeof savedTemplateSchema>;

/** One line of the ledger: a day (YYYY-MM-DD, local), a week (its Monday), a month (YYYY-MM) or a model. */
export const usageRowSchema = z.object({
  key: z.string(),
  generations: z.number().int(),
  /** Images received into the library (trashed ones too: they were paid for). */
  images: z.number().int(),
  billedImages: z.number().int(),
  /** Images of creates cut off in flight: upstream may have made and billed them (at most n each). */
  possiblyBilledImages: z.number().int(),
  /** Billed cost per currency, e.g. {"USD": 0.45}. */
  cost: z.record(z.string(), z.number()),
  /** What the possibly billed images would cost, per currency. */
  possibleCost: z.record(z.string(), z.number()),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

export const usageQuerySchema = z.object({
  /** Inclusive start (ms since epoch). */
  since: z.number().optional(),
  by: z.enum(['day', 'week', 'month', 'model']),
  /** With a period: the same range per model too, summed from the same scan (the Usage screen). */
  withModels: z.boolean().optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const usageReportSchema = z.object({
  by: z.enum(['day', 'week', 'month', 'model']),
  since: z.number().nullable(),
  rows: z.array(usageRowSchema),
  total: usageRowSchema,
  /** Asked for with `withModels`: the range per model. */
  models: z.array(usageRowSchema).optional(),
});
export type UsageReport = z.infer<typeof usageReportSchema>;
