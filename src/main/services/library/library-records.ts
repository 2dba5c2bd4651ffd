import { readFile, stat } from 'node:fs/promises';
import { wanMetadataFor, wanMetadataJson, parseWanMetadata, type WanMetadata } from '../export/wan-metadata';
import { writeTextFileAtomically } from './byte-streams';
import type { ImageStore } from './image-store';
import type { LibraryRepository } from './library-repository';
import { TagRepository } from './tag-repository';
import { InputRepository } from '../inputs/input-repository';

// Each image keeps its own record beside it (`<image>.wan.json`: the same fields an export
// embeds: ids, prompt, seed, parameters; nothing secret), so a library whose database is lost
// can be rebuilt from its folder alone (`wan-studio rebuild`). The database stays the truth;
// these are written after each commit and filled in at start for any that are missing.

export const RECORD_SUFFIX = '.wan.json';

export const recordPathFor = (imageAbs: string): string => `${imageAbs}${RECORD_SUFFIX}`;

/** The record of the image at `imageAbs`, or null when there is none or it is not ours. */
export async function readImageRecord(imageAbs: string): Promise<WanMetadata | null> {
  const text = await readFile(recordPathFor(imageAbs), 'utf8').catch(() => null);
  return parseWanMetadata(text);
}

export type RecordDeps = { repo: LibraryRepository; store: ImageStore };

/**
 * The records of the given images, read from the database at once (so the library may close
 * while the files are still being written).
 */
export function recordsOf(deps: RecordDeps, imageIds: readonly string[]): Array<{ file: string; text: string }> {
  const tags = new TagRepository(deps.repo.db);
  const inputs = new InputRepository(deps.repo.db);
  const byGeneration = new Map<string, ReturnType<LibraryRepository['imagesOf']>>();
  const out: Array<{ file: string; text: string }> = [];
  for (const id of imageIds) {
    const generationId = deps.repo.generationIdOfImage(id);
    if (!generationId) continue;
    let images = byGeneration.get(generationId);
    if (!images) byGeneration.set(generationId, (images = deps.repo.imagesOf(generationId, true)));
    const image = images.find((i) => i.id === id);
    const generation = deps.repo.getGeneration(generationId);
    if (!image || !generation) continue;
    const meta = wanMetadataFor(generation, image, images.length, tags.tagsOf(id), inputs.inputsOf(generationId));
    out.push({ file: recordPathFor(deps.store.absolute(image.path)), text: `${wanMetadataJson(meta)}\n` });
  }
  return out;
}

/**
 * Writes records (temp name, flush, rename). One that cannot be written only costs a future
 * rebuild that image's prompt, so failures are counted, not thrown.
 */
export async function writeImageRecords(
  records: ReadonlyArray<{ file: string; text: string }>,
  options: { isMissingOnly?: boolean; tempDir?: string } = {},
): Promise<{ written: number; failed: number }> {
  let written = 0;
  let failed = 0;
  for (const { file, text } of records) {
    try {
      if (options.isMissingOnly && (await exists(file))) continue;
      await writeTextFileAtomically(file, text, { tempDir: options.tempDir });
      written++;
    } catch {
      failed++;
    }
  }
  return { written, failed };
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );
