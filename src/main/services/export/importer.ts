import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportSummary } from '../../../shared/export-types';
import type { GenerationParameters } from '../../../shared/library-types';
import { newGenerationId } from '../jobs/job-records';
import { imageIdFor } from '../jobs/job-engine';
import { inspectFile } from '../library/byte-streams';
import { GalleryRepository } from '../library/gallery-repository';
import type { Library } from '../library/library';
import { isInside } from '../library/library-files';
import { TagRepository } from '../library/tag-repository';
import { newImageFrom, type NewImage } from '../library/library-repository';
import { readImageRecord, RECORD_SUFFIX } from '../library/library-records';
import type { StoredImage } from '../library/image-store';
import type { ImageFormat } from '../library/image-sniff';
import type { FolderProblem } from '../../../shared/folder-problems';
import { WanError } from '../wan-error';
import { EXPORT_INPUTS_FOLDER, restoreReferences } from '../inputs/input-transfer';
import { ImportRepository } from './import-repository';
import { MANIFEST_NAME, readManifest, type ManifestEntry } from './manifest';
import { parseA1111Parameters, readEmbeddedMetadata, type WanMetadata } from './metadata';

// Reads a folder of images back into a library. Files Wan Studio exported (embedded metadata, or
// a manifest next to them) come back as rerunnable records with their original prompt, seed and
// parameters; any other image comes in as a plain image with what metadata it carries.

export type ImportOptions = {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: () => number;
  /**
   * Register the files where they are instead of copying them in (`rebuild`: the folder is the
   * library's own images/). Each image's record file beside it gives its ids, prompt and seed.
   */
  isInPlace?: boolean;
};

const IMAGE_EXT = /\.(png|jpe?g|webp)$/i;
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const PLAIN_PARAMETERS: GenerationParameters = {
  isSequential: false,
  thinkingMode: false,
  watermark: false,
  responseFormat: 'url',
};

type Found = { abs: string; rel: string };
type Inspected = { format: ImageFormat; bytes: number; sha256: string };
type Restored = { file: Found; meta: WanMetadata; inspected: Inspected };

/** Every image file under `root` (no hidden entries, no symlinks), and every manifest entry by file. */
async function scan(root: string): Promise<{ files: Found[]; manifests: Map<string, ManifestEntry> }> {
  const files: Found[] = [];
  const manifests = new Map<string, ManifestEntry>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.endsWith(RECORD_SUFFIX)) continue;
      const abs = path.join(dir, entry.name);
      // An export's reference images are inputs of its generations, not images of their own.
      if (entry.isDirectory() && !(dir === root && entry.name === EXPORT_INPUTS_FOLDER)) await walk(abs);
      else if (entry.isFile() && MANIFEST_NAME.test(entry.name))
        for (const item of await readManifest(abs)) manifests.set(path.resolve(dir, ...item.file.split('/')), item);
      else if (entry.isFile() && IMAGE_EXT.test(entry.name))
        files.push({ abs, rel: path.relative(root, abs).split(path.sep).join('/') });
    }
  };
  await walk(root);
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, manifests };
}

const fromManifest = ({
  file: _file,
  mime: _mime,
  sha256: _sha256,
  bytes: _bytes,
  originalSha256,
  ...record
}: ManifestEntry): WanMetadata => ({
  format: 'wan-studio',
  version: 1,
  ...record,
  sha256: originalSha256,
});

const timeOf = (iso: string, fallback: number): number => {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : fallback;
};

export async function importFolder(
  library: Library,
  folder: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const now = options.now ?? Date.now;
  const refusedSource = (detail: string, problem: FolderProblem): WanError =>
    new WanError('bad_folder', {
      detail,
      field: 'folder',
      isRetryable: false,
      folderProblem: problem,
      path: folder,
      folderTask: 'import',
    });
  if (!path.isAbsolute(folder)) throw refusedSource('use a full path to the folder', 'not_absolute');
  const root = await realpath(folder).catch(() => {
    throw refusedSource(`${folder} does not exist`, 'missing');
  });
  if (!(await stat(root)).isDirectory()) throw refusedSource(`${folder} is not a folder`, 'not_a_folder');
  const realHome = await realpath(library.home);
  const isInLibrary = isInside(root, realHome);
  const inPlaceHome = options.isInPlace ? realHome : null;
  if (isInLibrary !== (options.isInPlace === true))
    throw isInLibrary
      ? refusedSource('that folder is inside this library', 'inside_library')
      : new WanError('bad_folder', {
          detail: 'only a folder inside the library is taken in place',
          field: 'folder',
          isRetryable: false,
        });

  const known = new ImportRepository(library.db);
  const { files, manifests } = await scan(root);
  const summary: ImportSummary = { folder: root, restored: 0, plain: 0, duplicates: 0, failed: [], generationIds: [] };
  const groups = new Map<string, Restored[]>();
  const seenShas = new Set<string>();
  let done = 0;
  const step = (): void => options.onProgress?.(++done, files.length);

  for (const file of files) {
    options.signal?.throwIfAborted();
    try {
      const inspected = await inspectFile(file.abs);
      if (!inspected) throw new Error('not a complete PNG, JPEG or WebP image');
      const embedded = await readEmbeddedMetadata(file.abs);
      const listed = manifests.get(file.abs);
      // In the library, the record beside the file holds this library's ids; an image that came
      // from an export also embeds the ids it had where it was made.
      const record = options.isInPlace ? await readImageRecord(file.abs) : null;
      const meta = record ?? embedded.wan ?? (listed ? fromManifest(listed) : null);
      const isKnown =
        known.hasImageWithSha(inspected.sha256) ||
        seenShas.has(inspected.sha256) ||
        (meta !== null && (known.hasImage(meta.imageId) || known.hasImageWithSha(meta.sha256)));
      seenShas.add(inspected.sha256);
      if (isKnown) {
        summary.duplicates++;
        step();
        continue;
      }
      if (meta) {
        const group = groups.get(meta.generationId) ?? [];
        group.push({ file, meta, inspected });
        groups.set(meta.generationId, group);
        continue; // counted once its group is written
      }
      const generationId = await importPlain(library, file, inspected, embedded, now(), inPlaceHome);
      summary.plain++;
      summary.generationIds.push(generationId);
    } catch (err) {
      summary.failed.push({ file: file.rel, message: err instanceof Error ? err.message : String(err) });
    }
    step();
  }
  for (const group of groups.values()) {
    options.signal?.throwIfAborted();
    const result = await importGroup(library, known, group, now(), inPlaceHome);
    const references = group[0]!.meta.references ?? [];
    if (result.generationId && references.length > 0)
      await restoreReferences(library, result.generationId, references, [root, library.home], now()).catch(
        () => undefined,
      );
    summary.restored += result.written;
    summary.duplicates += result.duplicates;
    summary.failed.push(...result.failed);
    if (result.generationId) summary.generationIds.push(result.generationId);
    for (let k = 0; k < group.length; k++) step();
  }
  return summary;
}

/** One generation's images: under its original id when the library has none by that id. */
async function importGroup(
  library: Library,
  known: ImportRepository,
  group: Restored[],
  at: number,
  inPlaceHome: string | null,
): Promise<{ written: number; duplicates: number; failed: ImportSummary['failed']; generationId: string | null }> {
  const first = group[0]!.meta;
  const createdAt = timeOf(first.createdAt, at);
  // The same generation already here (part of a set imported before): add to it, not beside it.
  const existing = SAFE_ID.test(first.generationId) ? library.repo.getGeneration(first.generationId) : undefined;
  const isSame = existing !== undefined && existing.prompt === first.prompt && existing.seed === first.seed;
  const isOriginalFree = SAFE_ID.test(first.generationId) && existing === undefined;
  const generationId = isSame || isOriginalFree ? first.generationId : newGenerationId(at);
  const images: NewImage[] = [];
  const failed: ImportSummary['failed'] = [];
  let duplicates = 0;
  const indexes = new Set<number>();
  for (const { file, meta, inspected } of group.sort((a, b) => a.meta.index - b.meta.index)) {
    if (indexes.has(meta.index) || known.isIndexTaken(generationId, meta.index)) {
      duplicates++;
      continue;
    }
    indexes.add(meta.index);
    const imageId =
      SAFE_ID.test(meta.imageId) && !known.hasImage(meta.imageId) ? meta.imageId : imageIdFor(generationId, meta.index);
    const imageAt = timeOf(meta.createdAt, createdAt);
    try {
      const stored = inPlaceHome
        ? inPlace(library, inPlaceHome, file, inspected)
        : await library.store.writeStream(imageId, createReadStream(file.abs), { createdAt: new Date(imageAt) });
      images.push(newImageFrom(stored, { id: imageId, generationId, index: meta.index, createdAt: imageAt }));
    } catch (err) {
      failed.push({ file: file.rel, message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (images.length === 0) return { written: 0, duplicates, failed, generationId: null };
  const revised: string[] = [...(isSame ? existing.revisedPrompts : [])];
  for (const { meta } of group) if (meta.revisedPrompt !== null) revised[meta.index] = meta.revisedPrompt;
  library.db.transaction(() => {
    if (!isSame)
      library.repo.insertGeneration({
        id: generationId,
        createdAt,
        status: 'done',
        model: first.model,
        prompt: first.prompt,
        size: first.size,
        n: first.n,
        seed: first.seed,
        parameters: first.parameters,
        mode: first.mode,
        providerProfile: 'import',
        baseUrl: '',
        rerunOf: null,
      });
    library.repo.commitImages(generationId, images, {
      revisedPrompts: Array.from(revised, (r) => r ?? ''),
      finishedAt: createdAt,
    });
  })();
  restoreMarks(library, group, images);
  await thumbnails(library, images);
  return { written: images.length, duplicates, failed, generationId };
}

async function importPlain(
  library: Library,
  file: Found,
  inspected: Inspected,
  embedded: { parameters: string | null; description: string | null },
  at: number,
  inPlaceHome: string | null,
): Promise<string> {
  const { format } = inspected;
  const parsed = embedded.parameters ? parseA1111Parameters(embedded.parameters) : null;
  const createdAt = Math.round((await stat(file.abs)).mtimeMs) || at;
  const generationId = newGenerationId(at);
  const imageId = imageIdFor(generationId, 0);
  const stored = inPlaceHome
    ? inPlace(library, inPlaceHome, file, inspected)
    : await library.store.writeStream(imageId, createReadStream(file.abs), { createdAt: new Date(createdAt) });
  const image = newImageFrom(stored, { id: imageId, generationId, index: 0, createdAt });
  library.db.transaction(() => {
    library.repo.insertGeneration({
      id: generationId,
      createdAt,
      status: 'done',
      model: parsed?.model ?? 'unknown',
      prompt: parsed?.prompt ?? embedded.description ?? '',
      size: `${format.width}x${format.height}`,
      n: 1,
      seed: parsed?.seed ?? 0,
      parameters: PLAIN_PARAMETERS,
      mode: 'sync',
      providerProfile: 'import',
      baseUrl: '',
      rerunOf: null,
    });
    library.repo.commitImages(generationId, [image], { finishedAt: createdAt });
  })();
  await thumbnails(library, [image]);
  return generationId;
}

/** Tags and favourites as they were: a tag name this library refuses is left out, not fatal. */
function restoreMarks(library: Library, group: readonly Restored[], images: readonly NewImage[]): void {
  const tags = new TagRepository(library.db);
  const favorites: string[] = [];
  for (const image of images) {
    const meta = group.find((r) => r.meta.index === image.index)?.meta;
    if (meta?.isFavorite) favorites.push(image.id);
    for (const tag of meta?.tags ?? []) {
      try {
        tags.tagImages([image.id], [tag], []);
      } catch {
        // A name with control characters, say: the image is worth more than the tag.
      }
    }
  }
  if (favorites.length > 0) new GalleryRepository(library.db).setFavorite(favorites, true);
}

async function thumbnails(library: Library, images: readonly NewImage[]): Promise<void> {
  // By the thumbnail workers, behind fresh results. One that fails is left to the backfill and
  // the gallery (which asks for it when a tile needs it); the import itself stands.
  await Promise.allSettled(
    images.map((image) =>
      library.thumbnails.make({ id: image.id, path: image.path, createdAt: image.createdAt }, 'low'),
    ),
  );
}

/** A file already in the library's folder, as the store would have described it after writing it. */
function inPlace(library: Library, realHome: string, file: Found, inspected: Inspected): StoredImage {
  const relPath = path.relative(realHome, file.abs).split(path.sep).join('/');
  // Through the store's guard, like every stored path.
  const absPath = library.store.absolute(relPath);
  return { relPath, absPath, bytes: inspected.bytes, sha256: inspected.sha256, ...inspected.format };
}
