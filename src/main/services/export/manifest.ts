import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ExportFormat } from '../../../shared/export-types';
import { generationParametersSchema } from '../../../shared/library-types';
import { writeTextFileAtomically } from '../library/byte-streams';
import type { ExportItem } from './export-repository';
import type { SelectedImage } from './export-selection';
import { wanMetadataFor } from './wan-metadata';

// manifest.json and manifest.csv in an export folder: what each file is, for people (the CSV
// opens in Excel or Numbers) and for `wan-studio import` (the JSON). Exports into a folder that
// already has a manifest add to it, so exporting in batches still leaves one complete list.

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';

export const manifestEntrySchema = z.object({
  /** Relative to the export folder, with forward slashes. */
  file: z.string().min(1).max(4000),
  imageId: z.string().min(1).max(200),
  generationId: z.string().min(1).max(200),
  index: z.number().int().min(0).max(1000),
  setSize: z.number().int().min(1).max(1000),
  createdAt: z.string(),
  model: z.string().max(200),
  prompt: z.string().max(100_000),
  revisedPrompt: z.string().max(100_000).nullable(),
  size: z.string().max(40),
  seed: z.number().int(),
  n: z.number().int().min(1).max(1000),
  parameters: generationParametersSchema,
  mode: z.enum(['sync', 'async']),
  width: z.number().int(),
  height: z.number().int(),
  mime: z.string().max(100),
  /** Of the exported file. */
  sha256: z.string().max(64),
  /** Of the library's original. */
  originalSha256: z.string().max(64),
  bytes: z.number().int(),
  tags: z.array(z.string().min(1).max(60)).max(100).optional(),
  isFavorite: z.boolean().optional(),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

const MIME_OF: Record<ExportFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function manifestEntryFor(selected: SelectedImage, item: ExportItem, format: ExportFormat): ManifestEntry {
  // The same record the file carries (nothing secret can ride along), plus where the file is.
  const {
    format: _format,
    version: _version,
    sha256: originalSha256,
    ...record
  } = wanMetadataFor(selected.generation, selected.image, selected.setSize, selected.tags);
  return {
    file: item.finalPath ?? item.plannedPath,
    ...record,
    mime: MIME_OF[format],
    sha256: item.sha256 ?? '',
    originalSha256,
    bytes: item.bytes ?? 0,
  };
}

const manifestSchema = z.object({
  format: z.literal('wan-studio-manifest'),
  version: z.literal(1),
  exportedAt: z.string(),
  items: z.array(z.unknown()),
});

/** The valid entries of a manifest file; a missing, foreign or damaged one gives none. */
export async function readManifest(file: string): Promise<ManifestEntry[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) return [];
  return parsed.data.items.flatMap((item) => {
    const entry = manifestEntrySchema.safeParse(item);
    return entry.success ? [entry.data] : [];
  });
}

const CSV_COLUMNS = [
  'file',
  'prompt',
  'revisedPrompt',
  'seed',
  'model',
  'size',
  'width',
  'height',
  'parameters',
  'tags',
  'isFavorite',
  'imageId',
  'generationId',
  'index',
  'createdAt',
  'sha256',
  'originalSha256',
  'bytes',
] as const;

/**
 * One CSV field. A text starting with = + - @ (or tab/CR) would run as a formula in a
 * spreadsheet, so it gets a leading apostrophe, as OWASP advises; manifest.json keeps the exact text.
 */
export function csvField(value: unknown): string {
  let text = typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function manifestCsv(entries: readonly ManifestEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map((c) => csvField(entry[c])).join(','));
  // A BOM, so Excel reads the Chinese as UTF-8; CRLF, as RFC 4180 asks.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Adds entries to the folder's manifests (replacing any for the same file) and rewrites both. */
export async function writeManifests(
  folder: string,
  entries: readonly ManifestEntry[],
  now = new Date(),
): Promise<ManifestEntry[]> {
  const merged = new Map<string, ManifestEntry>();
  for (const old of await readManifest(path.join(folder, MANIFEST_JSON))) merged.set(old.file, old);
  for (const entry of entries) merged.set(entry.file, entry);
  const items = [...merged.values()];
  const body = { format: 'wan-studio-manifest', version: 1, exportedAt: now.toISOString(), items };
  await writeTextFileAtomically(path.join(folder, MANIFEST_JSON), `${JSON.stringify(body, null, 2)}\n`);
  await writeTextFileAtomically(path.join(folder, MANIFEST_CSV), manifestCsv(items));
  return items;
}
