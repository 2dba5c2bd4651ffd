import { z } from 'zod';
import { errorValueSchema } from './errors';

// What an export is asked to do, and what it reports: shared by the app, the CLI and main.

export const EXPORT_LAYOUTS = ['flat', 'date', 'generation', 'set'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

/** `png` keeps a PNG original byte for byte (metadata added as chunks); JPEG and WebP re-encode. */
export const EXPORT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONFLICT_POLICIES = ['skip', 'rename', 'overwrite'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export const TEMPLATE_TOKENS = ['date', 'time', 'model', 'size', 'seed', 'index', 'prompt', 'id'] as const;
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number];

export const DEFAULT_TEMPLATE = '{date}_{time}_{prompt:24}_{seed}_{index}';
export const DEFAULT_QUALITY = 90;

export const exportOptionsSchema = z.object({
  /** An absolute folder on this machine; created when missing. */
  destination: z.string().trim().min(1).max(1000),
  layout: z.enum(EXPORT_LAYOUTS).default('flat'),
  template: z.string().trim().min(1).max(300).default(DEFAULT_TEMPLATE),
  format: z.enum(EXPORT_FORMATS).default('png'),
  /** JPEG and WebP quality, 1–100. */
  quality: z.number().int().min(1).max(100).default(DEFAULT_QUALITY),
  isMetadataIncluded: z.boolean().default(true),
  onConflict: z.enum(CONFLICT_POLICIES).default('rename'),
});
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

export const EXPORT_STATUSES = ['running', 'done', 'failed', 'canceled', 'interrupted'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export const exportViewSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  status: z.enum(EXPORT_STATUSES),
  destination: z.string(),
  options: exportOptionsSchema,
  total: z.number().int(),
  done: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  /** Bytes written so far. */
  bytes: z.number().int(),
  error: errorValueSchema.nullable(),
});
export type ExportView = z.infer<typeof exportViewSchema>;

/** What one import run found and did. */
export const importSummarySchema = z.object({
  folder: z.string(),
  /** Images that came back as rerunnable records (Wan Studio metadata or a manifest). */
  restored: z.number().int(),
  /** Other images, kept as plain images with what metadata they had. */
  plain: z.number().int(),
  /** Already in this library (same content), left alone. */
  duplicates: z.number().int(),
  failed: z.array(z.object({ file: z.string(), message: z.string() })),
  generationIds: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;
