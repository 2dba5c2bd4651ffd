import { z } from 'zod';
import { ERROR_CODES } from './errors';

// The records the library keeps and hands out (to the renderer, the CLI's --json, exports).

export const GENERATION_STATUSES = [
  'queued',
  'submitting',
  'polling',
  'downloading',
  'done',
  'failed',
  'canceled',
  'interrupted',
] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

/** Statuses a job can still move on from; everything else is final. */
export const ACTIVE_STATUSES: readonly GenerationStatus[] = ['queued', 'submitting', 'polling', 'downloading'];

export const generationParametersSchema = z.object({
  isSequential: z.boolean(),
  thinkingMode: z.boolean(),
  colorPalette: z.string().optional(),
  /** An exact palette (3–10 colours, ratios in percent summing to 100). */
  palette: z.array(z.object({ hex: z.string(), ratio: z.number() })).optional(),
  watermark: z.boolean(),
  responseFormat: z.enum(['url', 'b64_json']),
});
export type GenerationParameters = z.infer<typeof generationParametersSchema>;

/** A create waiting its turn: no free upstream slot, or the provider asked us to slow down. */
export const generationWaitingSchema = z.object({
  reason: z.enum(['slot', 'rate', 'server']),
  /** When the next try is due (ms since epoch). */
  nextTryAt: z.number(),
  /** When it stops waiting and fails (the queue deadline the person can set). */
  deadlineAt: z.number(),
});
export type GenerationWaiting = z.infer<typeof generationWaitingSchema>;

export const generationRecordSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  status: z.enum(GENERATION_STATUSES),
  model: z.string(),
  prompt: z.string(),
  size: z.string(),
  n: z.number().int(),
  seed: z.number().int(),
  parameters: generationParametersSchema,
  mode: z.enum(['sync', 'async']),
  providerProfile: z.string(),
  baseUrl: z.string(),
  taskId: z.string().nullable(),
  progress: z.number(),
  revisedPrompts: z.array(z.string()),
  usage: z.record(z.string(), z.unknown()).nullable(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), detail: z.string().nullable() }).nullable(),
  submittedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  rerunOf: z.string().nullable(),
  /** Set while a create waits its turn (status `queued`). */
  waiting: generationWaitingSchema.nullable().optional(),
  /** Canceled, but upstream still runs the task: followed quietly, its images go to the trash. */
  isFollowingUpstream: z.boolean().optional(),
  /** Images upstream made and billed for this generation, when known. */
  billedImages: z.number().int().nullable().optional(),
  /** The batch and plan row (from 0) it was made for (issue 12), or null. */
  batch: z.object({ id: z.string(), row: z.number().int() }).nullable().optional(),
});
export type GenerationRecord = z.infer<typeof generationRecordSchema>;

export const imageRecordSchema = z.object({
  id: z.string(),
  generationId: z.string(),
  index: z.number().int(),
  /** Relative to the library folder, with forward slashes. */
  path: z.string(),
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  thumbPath: z.string().nullable(),
  isFavorite: z.boolean(),
  createdAt: z.number(),
  deletedAt: z.number().nullable(),
});
export type ImageRecord = z.infer<typeof imageRecordSchema>;

export type GenerationWithImages = { generation: GenerationRecord; images: ImageRecord[] };
