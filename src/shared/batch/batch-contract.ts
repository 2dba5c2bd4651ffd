import { z } from 'zod';
import { MODEL_IDS } from '../models';
import {
  batchPlanInputSchema,
  batchPreviewSchema,
  batchViewSchema,
  priceSchema,
  savedTemplateSchema,
  usageQuerySchema,
  usageReportSchema,
} from './batch-types';

// The contract pieces of batches, templates, prices and the usage ledger (issue 12): main
// implements them in batch-handlers.ts; `invokeContract` in contract.ts spreads them in.

const batchId = z.string().min(1).max(80);
const currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'a three-letter currency code such as USD or CNY')
  .transform((c) => c.toUpperCase());

export const batchRowViewSchema = z.object({
  index: z.number().int(),
  prompt: z.string(),
  model: z.string(),
  size: z.string(),
  n: z.number().int(),
  seed: z.number().int(),
  /** The values of the batch's varying axes in this row (the X/Y grid's headers). */
  vars: z.record(z.string(), z.string()),
  /** Null until the row is enqueued. */
  generationId: z.string().nullable(),
});
export type BatchRowView = z.infer<typeof batchRowViewSchema>;

export const contactSheetResultSchema = z.object({
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  rows: z.number().int(),
  images: z.number().int(),
});
export type ContactSheetResult = z.infer<typeof contactSheetResultSchema>;

export const batchInvokeContract = {
  /** Expands and prices a plan (the first 200 rows, the estimate, row errors, a cap refusal); saves nothing. */
  'batch.preview': { input: batchPlanInputSchema, output: batchPreviewSchema },
  /**
   * Saves the plan and starts it on the profile's engine; answers at once with its view, then
   * `batch.progressed` events. Refused (invalid_input, nothing saved or sent) on a bad row or past a cap.
   */
  'batch.start': { input: batchPlanInputSchema, output: batchViewSchema },
  'batch.list': { input: z.object({ limit: z.number().int().min(1).max(200) }), output: z.array(batchViewSchema) },
  'batch.get': { input: z.object({ batchId }), output: batchViewSchema },
  /** Every row with its axis values and generation (for the grid). */
  'batch.rows': { input: z.object({ batchId }), output: z.array(batchRowViewSchema) },
  /** No new rows are sent; rows already in the queue finish. */
  'batch.pause': { input: z.object({ batchId }), output: batchViewSchema },
  /** Carries on a paused batch, or one a killed process left, with no row created twice. */
  'batch.resume': { input: z.object({ batchId }), output: batchViewSchema },
  /** Stops for good: unsent rows never go, creates waiting their turn are dropped; sent ones land. */
  'batch.cancel': { input: z.object({ batchId }), output: batchViewSchema },
  /**
   * Writes the batch's X/Y grid as one PNG (thumbnails, the axes' values as headers) into `folder`
   * (absolute, created when missing, outside the library); a name already there gets " (2)".
   * `xAxis`/`yAxis` default to the first two varying axes; null: no axis that way.
   */
  'batch.contactSheet': {
    input: z.object({
      batchId,
      folder: z.string().min(1).max(4096),
      xAxis: z.string().max(200).nullable().optional(),
      yAxis: z.string().max(200).nullable().optional(),
      cellSize: z.number().int().min(64).max(1024).optional(),
    }),
    output: contactSheetResultSchema,
  },
  'templates.list': { input: z.void(), output: z.array(savedTemplateSchema) },
  /** Saves by name (the same name, any case, replaces it). A list is one value a line. */
  'templates.save': {
    input: z.object({
      name: z.string().trim().min(1).max(80),
      kind: z.enum(['template', 'list']),
      body: z.string().max(200_000),
    }),
    output: savedTemplateSchema,
  },
  'templates.delete': {
    input: z.object({ name: z.string().min(1).max(80) }),
    output: z.object({ isDeleted: z.boolean() }),
  },
  /** Each profile's price per image for each model: set by the person, or the built-in default. */
  'prices.list': { input: z.void(), output: z.array(priceSchema) },
  /** A provider bills in one currency: a new currency applies to its other prices too. */
  'prices.set': {
    input: z.object({
      baseUrl: z.string().min(1).max(500),
      model: z.enum(MODEL_IDS),
      perImage: z.number().min(0).max(1000),
      currency,
    }),
    output: priceSchema,
  },
  /** Back to the built-in default. */
  'prices.reset': {
    input: z.object({ baseUrl: z.string().min(1).max(500), model: z.enum(MODEL_IDS) }),
    output: priceSchema,
  },
  /** Images, billed and possibly billed images and cost, per day, week, month or model. */
  'usage.report': { input: usageQuerySchema, output: usageReportSchema },
} as const;

export const batchEventContract = {
  /** A batch's counts or status changed (rows enqueued or settled, paused, canceled, done). */
  'batch.progressed': batchViewSchema,
} as const;
