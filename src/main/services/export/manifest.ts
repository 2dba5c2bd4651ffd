import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ExportFormat } from '../../../shared/export-types';
import { generationParametersSchema } from '../../../shared/library-types';
import { sweepAtomicLeftovers, writeTextFileAtomically } from '../library/byte-streams';
import type { ExportItem } from './export-repository';
import type { SelectedImage } from './export-selection';
import { wanMetadataFor, wanReferenceSchema } from './wan-metadata';

// manifest.json and manifest.csv in an export folder: what each file is, for people (the CSV
// opens in Excel or Numbers) and for `wan-studio import` (the JSON). Exports into a folder that
// already has a manifest add to it, so exporting in batches still leaves one complete list.

export const MANIFEST_JSON = 'manifest.json';
export const MANIFEST_CSV = 'manifest.csv';
/** Our manifests' names: manifest.json first; when another program's file has that name, ours step aside. */
export const MANIFEST_NAME = /^manifest(-wan-studio(-\d{1,4})?)?\.json$/;

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
  /** Reference images (hash, file name under the export's inputs/, size, boxes), in order. */
  references: z.array(wanReferenceSchema).max(20).optional(),
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
  } = wanMetadataFor(selected.generation, selected.image, selected.setSize, selected.tags, selected.inputs);
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
  const parsed = await readOwnManifest(file);
  if (parsed === 'missing' || parsed === 'foreign') return [];
  return parsed.items.flatMap((item) => {
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

/** A manifest.json as ours (by its `format` field), missing, or another program's (or unreadable). */
async function readOwnManifest(file: string): Promise<z.infer<typeof manifestSchema> | 'missing' | 'foreign'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'foreign';
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'foreign';
  } catch {
    return 'foreign';
  }
}

async function isOwnCsv(file: string): Promise<'missing' | boolean> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : ''));
  if (text === null) return 'missing';
  return text.replace(/^\uFEFF/, '').startsWith(`${CSV_COLUMNS.join(',')}\r\n`);
}

export type ManifestFiles = { json: string; csv: string; isRenamed: boolean };

/**
 * Where this folder's Wan Studio manifests are: manifest.json/.csv unless another program's file
 * holds either name, then manifest-wan-studio.json/.csv, then -2, -3, …: a file we did not write
 * is never replaced. Deterministic, so a later export into the folder finds the same pair.
 */
export async function manifestFiles(folder: string): Promise<ManifestFiles> {
  for (let k = 0; k < 1000; k++) {
    const stem = k === 0 ? 'manifest' : k === 1 ? 'manifest-wan-studio' : `manifest-wan-studio-${k}`;
    const json = path.join(folder, `${stem}.json`);
    const csv = path.join(folder, `${stem}.csv`);
    if ((await readOwnManifest(json)) === 'foreign' || (await isOwnCsv(csv)) === false) continue;
    return { json, csv, isRenamed: k > 0 };
  }
  throw new Error(`no free manifest name in ${folder}`);
}

/** Adds entries to the folder's manifests (replacing any for the same file) and rewrites both. */
export async function writeManifests(
  folder: string,
  entries: readonly ManifestEntry[],
  now = new Date(),
): Promise<ManifestEntry[]> {
  const files = await manifestFiles(folder);
  // A killed export may have left a half-written manifest under a hidden temp name.
  await Promise.all([sweepAtomicLeftovers(files.json), sweepAtomicLeftovers(files.csv)]);
  const merged = new Map<string, ManifestEntry>();
  for (const old of await readManifest(files.json)) merged.set(old.file, old);
  for (const entry of entries) merged.set(entry.file, entry);
  const items = [...merged.values()];
  const body = { format: 'wan-studio-manifest', version: 1, exportedAt: now.toISOString(), items };
  await writeTextFileAtomically(files.json, `${JSON.stringify(body, null, 2)}\n`);
  await writeTextFileAtomically(files.csv, manifestCsv(items));
  return items;
}
