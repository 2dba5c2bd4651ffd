import { lstatSync } from 'node:fs';
import { realpath, stat, access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { ConflictPolicy, ExportOptions } from '../../../shared/export-types';
import { pathKey, plannedPath, uniquePath, type NameSource } from '../../../shared/export-names';
import { errorCode, makeDirectory } from '../library/byte-streams';
import { resolveInside } from '../library/image-store';
import { isInside } from '../library/library-files';
import type { PlannedItem } from './export-repository';
import { WanError } from '../wan-error';
import type { SelectedImage } from './export-selection';
import { systemFolderKind, systemFolderProblem } from './system-folders';
import type { FolderProblem } from '../../../shared/folder-problems';

// Before an export writes anything: a usable destination, and a relative path for every image.

const folderError = (detail: string, problem?: FolderProblem, folder?: string): WanError =>
  new WanError('bad_folder', {
    detail,
    field: 'destination',
    isRetryable: false,
    ...(problem && folder !== undefined ? { folderProblem: problem, path: folder, folderTask: 'export' } : {}),
  });

/**
 * The destination as a real, writable folder (created when missing), never inside the library:
 * exported copies mixed into the library's own folders would confuse both.
 */
export async function prepareDestination(destination: string, libraryHome: string): Promise<string> {
  if (destination.includes('\0')) throw folderError('the path contains a NUL character');
  if (!path.isAbsolute(destination))
    throw folderError(
      `use a full path, such as ${path.join(path.parse(process.cwd()).root, 'Pictures', 'Wan')}`,
      'not_absolute',
      destination,
    );
  const wanted = path.resolve(destination);
  // Before anything is made: root may write anywhere, so this is the only thing stopping /etc.
  const problem = systemFolderProblem(wanted);
  if (problem) throw folderError(problem, systemFolderKind(wanted) ?? 'system_folder', wanted);
  try {
    await makeDirectory(wanted);
  } catch (err) {
    throw folderError(`cannot create ${wanted}: ${errorCode(err) ?? (err as Error).message}`, 'cannot_create', wanted);
  }
  const real = await realpath(wanted);
  if (!(await stat(real)).isDirectory()) throw folderError(`${wanted} is not a folder`, 'not_a_folder', wanted);
  const realProblem = systemFolderProblem(real);
  if (realProblem) throw folderError(realProblem, systemFolderKind(real) ?? 'system_folder', wanted);
  const home = await realpath(libraryHome).catch(() => path.resolve(libraryHome));
  if (isInside(real, home))
    throw folderError(`${wanted} is inside the library folder; choose a folder outside it`, 'inside_library', wanted);
  await access(real, constants.W_OK).catch(() => {
    throw folderError(`no permission to write in ${wanted}`, 'no_permission', wanted);
  });
  return real;
}

export function nameSourceOf(selected: SelectedImage, setNumber?: number): NameSource {
  const { image, generation } = selected;
  return {
    imageId: image.id,
    generationId: generation.id,
    index: image.index,
    setSize: selected.setSize,
    createdAt: image.createdAt,
    model: generation.model,
    size: generation.size,
    seed: generation.seed,
    prompt: generation.prompt,
    setNumber,
  };
}

/**
 * A relative path for every image, unique within the export even on a file system that ignores
 * case: two images whose template gives one name must not overwrite each other, whatever the
 * conflict policy says about files that were there before.
 */
export function planPaths(
  selected: readonly SelectedImage[],
  options: Pick<ExportOptions, 'template' | 'layout' | 'format'>,
): Array<{ imageId: string; plannedPath: string }> {
  const setNumbers = new Map<string, number>();
  const taken = new Set<string>();
  return selected.map((entry) => {
    let setNumber: number | undefined;
    if (entry.setSize > 1) {
      setNumber = setNumbers.get(entry.generation.id) ?? setNumbers.size + 1;
      setNumbers.set(entry.generation.id, setNumber);
    }
    const rel = plannedPath(options, nameSourceOf(entry, setNumber), entry.image.mime);
    const unique = uniquePath(rel, (key) => taken.has(key));
    taken.add(pathKey(unique));
    return { imageId: entry.image.id, plannedPath: unique };
  });
}

export function existsAt(root: string, rel: string): boolean {
  const abs = resolveInside(root, rel);
  if (!abs) return false;
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** `photo (2).png`, `photo (3).png`, … : the first one `isTaken` does not claim. */
export function numberedPath(rel: string, isTaken: (rel: string) => boolean): string {
  const ext = path.posix.extname(rel);
  const stem = rel.slice(0, rel.length - ext.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!isTaken(candidate)) return candidate;
  }
}

/**
 * What to do with each planned path given the files already in the folder, decided once, up
 * front: skip it, overwrite it, or take the next free numbered name.
 */
export function decideConflicts(
  root: string,
  planned: ReadonlyArray<{ imageId: string; plannedPath: string }>,
  onConflict: ConflictPolicy,
): PlannedItem[] {
  const claimed = new Set(planned.map((p) => pathKey(p.plannedPath)));
  return planned.map(({ imageId, plannedPath: rel }) => {
    if (!existsAt(root, rel))
      return { imageId, plannedPath: rel, finalPath: rel, status: 'pending', isOverwrite: false };
    if (onConflict === 'skip')
      return { imageId, plannedPath: rel, finalPath: null, status: 'skipped', isOverwrite: false };
    if (onConflict === 'overwrite')
      return { imageId, plannedPath: rel, finalPath: rel, status: 'pending', isOverwrite: true };
    const free = numberedPath(rel, (candidate) => claimed.has(pathKey(candidate)) || existsAt(root, candidate));
    claimed.add(pathKey(free));
    return { imageId, plannedPath: rel, finalPath: free, status: 'pending', isOverwrite: false };
  });
}
