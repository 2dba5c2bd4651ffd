import { createHash, randomBytes } from 'node:crypto';
import { copyFile, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { WanReference } from '../export/wan-metadata';
import { makeDirectory } from '../library/byte-streams';
import { inputRelPath, type InputLibrary } from './input-service';
import { InputRepository, type GenerationInput } from './input-repository';

// Reference images travelling with exports and imports. An export copies each one once into
// `<destination>/inputs/<sha256>.<ext>`; an import finds them there (or, for a rebuild, in the
// library's own `inputs/<2 hex>/`) and checks each against its hash before taking it in.

export const EXPORT_INPUTS_FOLDER = 'inputs';

/** Copies the inputs into the export folder (temp name, rename), skipping ones already there. */
export async function copyInputsForExport(
  library: InputLibrary,
  root: string,
  inputs: readonly GenerationInput[],
): Promise<number> {
  const seen = new Set<string>();
  let copied = 0;
  for (const input of inputs) {
    if (seen.has(input.sha256)) continue;
    seen.add(input.sha256);
    const name = input.path.slice(input.path.lastIndexOf('/') + 1);
    const dest = path.join(root, EXPORT_INPUTS_FOLDER, name);
    const there = await stat(dest).catch(() => undefined);
    if (there?.size === input.bytes) continue;
    await makeDirectory(path.dirname(dest));
    const temp = `${dest}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
    try {
      await copyFile(library.store.absolute(input.path), temp);
      await rename(temp, dest);
      copied++;
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
  return copied;
}

/**
 * Takes the references of an imported generation back in when every file is found and matches
 * its hash; then the generation is rerunnable with them. Returns how many could not be found.
 */
export async function restoreReferences(
  library: InputLibrary,
  generationId: string,
  references: readonly WanReference[],
  searchRoots: readonly string[],
  now: number,
): Promise<number> {
  const repo = new InputRepository(library.repo.db);
  if (references.length === 0 || repo.referencesOf(generationId).length > 0) return 0;
  const found: WanReference[] = [];
  for (const ref of [...references].sort((a, b) => a.index - b.index)) {
    if (repo.getInput(ref.sha256) || (await adopt(library, repo, ref, searchRoots, now))) found.push(ref);
  }
  const missing = references.length - found.length;
  if (missing === 0)
    library.repo.db.transaction(() =>
      repo.setGenerationInputs(
        generationId,
        found.map((r) => ({ sha256: r.sha256, boxes: r.boxes })),
      ),
    )();
  return missing;
}

async function adopt(
  library: InputLibrary,
  repo: InputRepository,
  ref: WanReference,
  searchRoots: readonly string[],
  now: number,
): Promise<boolean> {
  const relPath = inputRelPath(ref.sha256, ref.file.slice(ref.file.lastIndexOf('.') + 1));
  const candidates = searchRoots.flatMap((root) => [
    path.join(root, EXPORT_INPUTS_FOLDER, ref.file),
    path.join(root, ...relPath.split('/')),
  ]);
  for (const candidate of candidates) {
    const bytes = await readFile(candidate).catch(() => undefined);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== ref.sha256) continue;
    const meta = await sharp(bytes)
      .metadata()
      .catch(() => undefined);
    if (!meta?.width || !meta.height || !['png', 'jpeg', 'webp'].includes(meta.format ?? '')) continue;
    const target = library.store.absolute(relPath);
    if (path.resolve(candidate) !== target) await library.store.writeFileAt(relPath, ref.sha256, bytes);
    repo.insertInput({
      sha256: ref.sha256,
      path: relPath,
      mime: `image/${meta.format}`,
      width: meta.width,
      height: meta.height,
      bytes: bytes.byteLength,
      note: null,
      createdAt: now,
    });
    return true;
  }
  return false;
}
