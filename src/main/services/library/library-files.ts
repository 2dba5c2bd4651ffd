import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveInside } from './image-store';

// Which library files the renderer may read, and the guards every path from outside goes through.
// Both transports (Electron's wan-media: protocol, browser mode's /media/ route) serve with these.

/** The library's top-level folders the renderer may read; the database, secrets and tmp/ are not among them. */
export const SERVED_FOLDERS: ReadonlySet<string> = new Set(['images', 'thumbs', 'inputs']);

export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** The Content-Type for a served file name, or undefined when it is not an image the library keeps. */
export function mediaTypeOf(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return MEDIA_TYPES[fileName.slice(dot + 1).toLowerCase()];
}

/** `child` is `parent` or lies under it (both absolute; resolve symlinks first where they matter). */
export function isInside(child: string, parent: string): boolean {
  const back = path.relative(parent, child);
  return back === '' || (!back.startsWith(`..${path.sep}`) && back !== '..' && !path.isAbsolute(back));
}

/** `rel` under `root`, following symlinks only when they also stay inside `root`; files only. */
export async function resolveRealFile(root: string, rel: string): Promise<string | undefined> {
  const abs = resolveInside(root, rel);
  if (!abs) return undefined;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(abs)]);
    if (realFile === realRoot || !isInside(realFile, realRoot)) return undefined;
    return (await stat(realFile)).isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}

/** The absolute path of a library file the renderer may load, or undefined. */
export async function resolveMediaFile(home: string, rel: string): Promise<string | undefined> {
  const [top, ...rest] = rel.split('/');
  if (!top || !SERVED_FOLDERS.has(top) || !mediaTypeOf(rel)) return undefined;
  // Confined to the media folder itself, so a symlink there cannot lead to the database.
  return resolveRealFile(path.join(home, top), rest.join('/'));
}
