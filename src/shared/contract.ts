import { z } from 'zod';
import { errorValueSchema } from './errors';
import { generationRequestSchema } from './generation-request';
import { profileKindFieldsSchema } from './inputs-contract';
import { LOCALES } from './i18n-messages';
import { GENERATION_STATUSES, generationRecordSchema, generationWaitingSchema } from './library-types';
import { MODEL_IDS } from './models';
import { exportOptionsSchema, exportViewSchema, importSummarySchema } from './export-types';
import type { EventName, InvokeMethod } from './contract-names';
import { generationInputViewSchema, inputsInvokeContract } from './inputs-contract';
import { batchEventContract, batchInvokeContract } from './batch/batch-contract';
import { promptsInvokeContract } from './prompts/prompt-contract';
import { twinChangeSchema } from './compare/twin-request';

// The one contract between the renderer and main (Electron IPC or browser mode's HTTP + SSE).
// Invoke methods are `domain.verb`; events are past tense. Nothing else crosses the boundary.
// The name lists live in contract-names.ts so the sandboxed preload can check names without zod.

const id = z.string().min(1).max(80);
const generationId = id;
const imageIds = z.array(id).min(1).max(10_000);
const tagName = z.string().trim().min(1).max(60);
const folderPath = z.string().trim().min(1).max(1000);

export const settingsSchema = z.object({
  language: z.enum(['system', ...LOCALES]),
  theme: z.enum(['system', 'light', 'dark']),
  defaultModel: z.enum(MODEL_IDS),
  defaultSize: z.string(),
  /** Tasks in flight at once per provider (upstream allows 5 per account). */
  concurrency: z.number().int().min(1).max(5),
  /** How long a create may wait for a free slot before it fails, unsent and unbilled. */
  queueTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  activeProfileId: z.string().nullable(),
  /** The first-run welcome was closed; Settings can show it again. */
  isWelcomeDismissed: z.boolean(),
  /** An optional monthly spending limit: Generate and batches ask first before they would pass it. */
  monthlyBudget: z
    .object({ amount: z.number().min(0).max(1_000_000_000), currency: z.string().regex(/^[A-Z]{3}$/) })
    .nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A provider profile as the renderer sees it: the key itself never leaves main. */
export const profileViewSchema = z
  .object({
    id,
    name: z.string(),
    baseUrl: z.string(),
    hasKey: z.boolean(),
    /** The last four characters, e.g. "••••3f9a", once a key is saved. */
    keyHint: z.string().nullable(),
    isSimulator: z.boolean(),
  })
  .extend(profileKindFieldsSchema.shape);
export type ProfileView = z.infer<typeof profileViewSchema>;

export const imageViewSchema = z.object({
  id,
  generationId,
  index: z.number().int(),
  /** How many images the generation made (an image set shows as an ordered strip). */
  setSize: z.number().int(),
  isSequential: z.boolean(),
  url: z.string(),
  thumbUrl: z.string().nullable(),
  /** Absolute path on this machine, for the detail view and "show in folder". */
  filePath: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  mime: z.string(),
  isFavorite: z.boolean(),
  createdAt: z.number(),
  deletedAt: z.number().nullable(),
  prompt: z.string(),
  model: z.string(),
  size: z.string(),
  seed: z.number().int(),
  /** Tag names, sorted. */
  tags: z.array(z.string()),
  /** Versions (reruns, varies, A/B twins) stacked under this image's generation; gallery pages only. */
  versionCount: z.number().int().optional(),
});
export type ImageView = z.infer<typeof imageViewSchema>;

/** What Retry would do for a stopped job, said before it acts. */
export const retryPlanSchema = z.object({
  action: z.enum(['download', 'poll', 'restore', 'create']),
  /** Only `create` sends a new request that makes (and bills) a new image. */
  costsNewImage: z.boolean(),
});
export type RetryPlanView = z.infer<typeof retryPlanSchema>;

export const generationViewSchema = z.object({
  generation: generationRecordSchema,
  images: z.array(imageViewSchema),
  /** The reference images it was made with, in order, with their boxes. */
  inputs: z.array(generationInputViewSchema),
  /** Present when the job can be retried. */
  retry: retryPlanSchema.nullable().optional(),
});
export type GenerationView = z.infer<typeof generationViewSchema>;

export const galleryQuerySchema = z.object({
  search: z.string().max(500).optional(),
  model: z.enum(MODEL_IDS).optional(),
  /** `WxH` or a ratio such as `16:9`. */
  size: z.string().max(20).optional(),
  ratio: z.string().max(10).optional(),
  isFavorite: z.boolean().optional(),
  /** Inclusive range of creation times (ms since epoch). */
  from: z.number().optional(),
  to: z.number().optional(),
  isTrash: z.boolean().optional(),
  /** Images carrying every one of these tags. */
  tags: z.array(tagName).max(10).optional(),
  /** Versions whose original still shows are left out: they stack under it (issue 12). */
  isStacked: z.boolean().optional(),
});
export type GalleryQuery = z.infer<typeof galleryQuerySchema>;

/**
 * What to export: chosen images, whole generations (the CLI's ids), or everything matching a
 * gallery query ("select all"), less the ones unticked since.
 */
export const exportSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('images'), imageIds }),
  z.object({ kind: z.literal('generations'), generationIds: z.array(id).min(1).max(10_000) }),
  z.object({ kind: z.literal('query'), query: galleryQuerySchema, exceptImageIds: z.array(id).max(10_000).optional() }),
]);
export type ExportSelection = z.infer<typeof exportSelectionSchema>;

export const tagCountSchema = z.object({ name: z.string(), count: z.number().int() });

const connectionResultSchema = z.object({
  isOk: z.boolean(),
  latencyMs: z.number(),
  models: z.array(z.string()),
  /** What the test learned, in plain sentences (what the gateway lists, how edits are sent). */
  notes: z.array(z.string()),
  error: errorValueSchema.nullable(),
});

/** The thumbnail backfill: images done and failed of `total`, and its rate while running. */
export const thumbnailProgressSchema = z.object({
  done: z.number().int(),
  failed: z.number().int(),
  total: z.number().int(),
  imagesPerSecond: z.number(),
  isRunning: z.boolean(),
});
export type ThumbnailProgress = z.infer<typeof thumbnailProgressSchema>;

export const invokeContract = {
  'app.info': {
    input: z.void(),
    output: z.object({
      name: z.string(),
      version: z.string(),
      systemLocale: z.enum(LOCALES),
      libraryPath: z.string(),
      /** Where the renderer runs: the Electron app or browser mode (some actions differ). */
      host: z.enum(['electron', 'browser']),
    }),
  },
  'settings.get': { input: z.void(), output: settingsSchema },
  'settings.update': { input: settingsSchema.partial(), output: settingsSchema },
  'profiles.list': { input: z.void(), output: z.array(profileViewSchema) },
  'profiles.save': {
    input: z.object({
      id: id.optional(),
      name: z.string().trim().min(1).max(80),
      /**
       * http(s) only; the handler refuses anything else as invalid_input on baseUrl (shared/base-url.ts).
       * A DashScope profile with a region takes that region's root; omitted for a gateway, the default one.
       */
      baseUrl: z.string().trim().min(1).max(500).optional(),
      /** Omit to keep the saved key; an empty string removes it. */
      apiKey: z.string().max(500).optional(),
      /** Issue 10; omitted fields keep the saved value (or the default: openai, json, text). */
      ...profileKindFieldsSchema.partial().shape,
    }),
    output: profileViewSchema,
  },
  'profiles.delete': { input: z.object({ id }), output: z.object({ isDeleted: z.boolean() }) },
  'profiles.test': { input: z.object({ id }), output: connectionResultSchema },
  'generation.start': {
    input: z.object({ request: generationRequestSchema, profileId: id.optional() }),
    output: z.object({ generationId }),
  },
  'generation.cancel': { input: z.object({ generationId }), output: z.object({ isCanceled: z.boolean() }) },
  'generation.rerun': {
    /** `change`: an A/B twin — the same seed with thinking, model or size changed (issue 12). */
    input: z.object({ generationId, isNewSeed: z.boolean(), change: twinChangeSchema.optional() }),
    output: z.object({ generationId }),
  },
  /** The original up the rerun chain and every version under it, oldest first (at most 50). */
  'generation.lineage': {
    input: z.object({ generationId }),
    output: z.object({
      rootId: generationId,
      entries: z.array(z.object({ depth: z.number().int(), view: generationViewSchema })),
    }),
  },
  /**
   * Continues a failed, interrupted or canceled job from where it stopped (saved results, the
   * task, the trash); only a job that never got a task is created again, and billed.
   */
  'generation.retry': {
    input: z.object({ generationId }),
    output: z.object({ generationId, ...retryPlanSchema.shape }),
  },
  'generation.get': { input: z.object({ generationId }), output: generationViewSchema },
  /** The queue: unfinished jobs and the most recent finished ones. */
  'generation.recent': {
    input: z.object({ limit: z.number().int().min(1).max(100) }),
    output: z.array(generationViewSchema),
  },
  'library.images': {
    input: z.object({
      query: galleryQuerySchema,
      /** Opaque cursor from the previous page; absent for the first page. */
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(500),
    }),
    output: z.object({ items: z.array(imageViewSchema), nextCursor: z.string().nullable() }),
  },
  'library.count': { input: z.object({ query: galleryQuerySchema }), output: z.object({ total: z.number().int() }) },
  /** Recent prompts, newest first, for ↑ recall in the studio. */
  'library.prompts': { input: z.object({ limit: z.number().int().min(1).max(200) }), output: z.array(z.string()) },
  'image.setFavorite': {
    input: z.object({ imageIds, isFavorite: z.boolean() }),
    output: z.object({ changed: z.number().int() }),
  },
  'image.trash': { input: z.object({ imageIds }), output: z.object({ changed: z.number().int() }) },
  'image.restore': { input: z.object({ imageIds }), output: z.object({ changed: z.number().int() }) },
  'image.showInFolder': { input: z.object({ imageId: id }), output: z.object({ isShown: z.boolean() }) },
  'image.tag': {
    input: z.object({ imageIds, add: z.array(tagName).max(20), remove: z.array(tagName).max(20) }),
    output: z.object({ changed: z.number().int() }),
  },
  /** Every tag in use, with how many live images carry it, by name. */
  'library.tags': { input: z.void(), output: z.array(tagCountSchema) },
  /** Deletes trashed images for good, files included; without ids, the whole trash. */
  'library.emptyTrash': {
    input: z.object({ imageIds: imageIds.optional() }),
    output: z.object({ removed: z.number().int() }),
  },
  'library.import': { input: z.object({ folder: folderPath }), output: importSummarySchema },
  /** A consistent copy of the library (SQLite online backup plus the files) in a new folder. */
  'library.backup': {
    input: z.object({ folder: folderPath }),
    output: z.object({
      folder: z.string(),
      images: z.number().int(),
      bytes: z.number().int(),
      /** Images not backed up because the library's own file is missing or damaged (sha256 differs). */
      problems: z.array(
        z.object({ id: z.string(), path: z.string(), problem: z.enum(['missing', 'damaged']), detail: z.string() }),
      ),
    }),
  },
  /** Copies the library to a new folder, verifies it, and switches to it; the old folder is kept. */
  'library.move': {
    input: z.object({ folder: folderPath }),
    output: z.object({ libraryPath: z.string(), images: z.number().int(), bytes: z.number().int() }),
  },
  /** A native folder dialog in Electron; null in browser mode (the renderer shows a path field). */
  'app.pickFolder': {
    input: z.object({ purpose: z.enum(['export', 'import', 'backup', 'move']) }),
    output: z.object({ folder: z.string().nullable() }),
  },
  'export.start': {
    input: z.object({ selection: exportSelectionSchema, options: exportOptionsSchema }),
    output: exportViewSchema,
  },
  /**
   * The paths the first images of an export will get, planned by the code that writes them (set
   * numbers and de-duplication count over the whole selection, oldest first), and how many in all.
   */
  'export.preview': {
    input: z.object({
      selection: exportSelectionSchema,
      options: exportOptionsSchema.pick({ template: true, layout: true, format: true }),
      limit: z.number().int().min(1).max(50),
    }),
    output: z.object({ paths: z.array(z.string()), total: z.number().int() }),
  },
  'export.cancel': { input: z.object({ exportId: id }), output: z.object({ isCanceled: z.boolean() }) },
  /** Carries on a canceled or interrupted export where it stopped. */
  'export.resume': { input: z.object({ exportId: id }), output: exportViewSchema },
  'export.list': { input: z.object({ limit: z.number().int().min(1).max(100) }), output: z.array(exportViewSchema) },
  /** Opens an export's folder in the OS file manager (Electron); false in browser mode. */
  'export.openFolder': { input: z.object({ exportId: id }), output: z.object({ isOpened: z.boolean() }) },
  /** Opens the logs folder (Electron); in browser mode only names it, for the renderer to show. */
  'app.openLogsFolder': {
    input: z.void(),
    output: z.object({ isOpened: z.boolean(), folder: z.string().nullable() }),
  },
  /** A text to paste into a bug report: versions, settings and counts, the last log lines; never a key. */
  'app.diagnostics': {
    input: z.object({ isPromptIncluded: z.boolean() }),
    output: z.object({ text: z.string(), logLines: z.number().int() }),
  },
  /** Where the thumbnail backfill stands (it runs at start and after an import). */
  'thumbnails.status': { input: z.void(), output: thumbnailProgressSchema },
  /** Makes every missing thumbnail in the background (reported by `thumbnails.progressed`). */
  'thumbnails.backfill': { input: z.void(), output: z.object({ isStarted: z.boolean() }) },
  ...inputsInvokeContract,
  ...batchInvokeContract,
  ...promptsInvokeContract,
} as const satisfies Record<InvokeMethod, { input: z.ZodType; output: z.ZodType }>;

const jobStatus = z.enum(GENERATION_STATUSES);
export type JobStatus = z.infer<typeof jobStatus>;

export const eventContract = {
  // `view` is the generation as `generation.get` would answer right after the change; main always
  // sends it on these events, so the queue and gallery need not fetch the record again.
  'generation.queued': z.object({ generationId, view: generationViewSchema.optional() }),
  /** A create waits its turn: no free slot at the provider, or it asked us to slow down. */
  'generation.waiting': z.object({ generationId, waiting: generationWaitingSchema }),
  'generation.submitted': z.object({
    generationId,
    taskId: z.string().nullable(),
    view: generationViewSchema.optional(),
  }),
  'generation.progressed': z.object({ generationId, status: jobStatus, progress: z.number().min(0).max(100) }),
  'generation.downloading': z.object({ generationId, received: z.number().int(), total: z.number().int() }),
  'generation.finished': z.object({
    generationId,
    imageIds: z.array(z.string()),
    view: generationViewSchema.optional(),
  }),
  'generation.failed': z.object({ generationId, error: errorValueSchema, view: generationViewSchema.optional() }),
  /** Favourites, trash or restore changed images (from any window or the CLI's library). */
  'library.changed': z.object({
    imageIds: z.array(z.string()),
    /** Images were added or removed (import, empty trash): lists and counts should reload. */
    isStructural: z.boolean().optional(),
  }),
  'export.progressed': exportViewSchema.extend({ currentFile: z.string().nullable() }),
  /** The export stopped: done, failed, canceled. */
  'export.finished': exportViewSchema,
  /** Progress of a long library task (import, backup, move); its invoke answers when it ends. */
  'library.progressed': z.object({
    task: z.enum(['import', 'backup', 'move']),
    done: z.number().int(),
    total: z.number().int(),
  }),
  /** Thumbnails being made by the background workers for images that had none. */
  'thumbnails.progressed': thumbnailProgressSchema,
  ...batchEventContract,
} as const satisfies Record<EventName, z.ZodType>;

export type InvokeContract = typeof invokeContract;
export type InvokeInput<M extends InvokeMethod> = z.input<InvokeContract[M]['input']>;
export type InvokeOutput<M extends InvokeMethod> = z.output<InvokeContract[M]['output']>;

export type EventContract = typeof eventContract;
export type EventPayload<E extends EventName> = z.output<EventContract[E]>;

/** Every invoke answers with a value, never a thrown error: a thrown error loses all but its message over IPC. */
export type InvokeResult<M extends InvokeMethod> =
  { ok: true; value: InvokeOutput<M> } | { ok: false; error: z.output<typeof errorValueSchema> };

export { EVENT_NAMES, INVOKE_METHODS, isEventName, isInvokeMethod } from './contract-names';
export type { EventName, InvokeMethod } from './contract-names';

/** The API the renderer sees as `window.wan`, whichever transport fills it. */
export type WanApi = {
  invoke<M extends InvokeMethod>(method: M, input: InvokeInput<M>): Promise<InvokeResult<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
