import { chmod, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, writeTextFileAtomically } from './byte-streams';
import { defaultLibraryHome, LOCATION_FILE, resolveLibraryHome, type Library } from './library';
import {
  checkDestination,
  diskError,
  makeStage,
  publishStage,
  removeStage,
  snapshotLibrary,
  type LibraryProgress,
} from './library-copy';

// Moving the library folder: the same verified copy as a backup, into the new folder, then a
// pointer in the default home so every front end (app, browser mode, CLI) opens the new place.
// The old folder is kept as it was: nothing is deleted, so a failed or regretted move loses nothing.

/** Browser mode's keys live beside the library; a move (unlike a backup) takes them along. */
const MOVED_SETTINGS_FILES = ['browser-mode-secrets.json'];

export type MoveOptions = {
  onProgress?: LibraryProgress;
  /** The default home whose pointer to update (the app passes Electron's userData); tests pass a temp folder. */
  defaultHome?: string;
  env?: NodeJS.ProcessEnv;
};

export type MoveResult = {
  libraryPath: string;
  previousPath: string;
  images: number;
  bytes: number;
  /** The pointer file written, or null when the library was not the default one (`--home` elsewhere). */
  pointerFile: string | null;
};

/**
 * Copies the open library to `newFolder` (new or empty, not inside the library nor holding it),
 * verifies every file, and points the default home at it when that is the library being moved.
 * The caller switches to the new folder; writes made to the old one after the copy began are not
 * carried over, so the caller must hold writers off until it has switched.
 */
export async function moveLibrary(library: Library, newFolder: string, options: MoveOptions = {}): Promise<MoveResult> {
  const env = options.env ?? process.env;
  const defaultHome = path.resolve(options.defaultHome ?? defaultLibraryHome(env));
  // Only the library the default home leads to may repoint it: moving some other `--home` library
  // must not redirect the app's own.
  const isDefault = resolveLibraryHome(undefined, env, defaultHome) === library.home;
  const dest = await checkDestination(library.home, newFolder, 'move');
  const stage = await makeStage(dest);
  let copied;
  try {
    copied = await snapshotLibrary(library, stage, options.onProgress);
    for (const name of MOVED_SETTINGS_FILES) await copySettingsFile(library.home, stage, name);
    await publishStage(stage, dest);
  } catch (err) {
    await removeStage(stage);
    throw err;
  }
  const pointerFile = isDefault ? await writePointer(defaultHome, dest) : null;
  return { libraryPath: dest, previousPath: library.home, images: copied.images, bytes: copied.bytes, pointerFile };
}

async function copySettingsFile(fromHome: string, toDir: string, name: string): Promise<void> {
  const to = path.join(toDir, name);
  try {
    await copyFile(path.join(fromHome, name), to);
    await chmod(to, 0o600);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw diskError(err, to, 'write_failed');
  }
}

/** `library-location.json` in the default home: temp name, flush, rename. */
export async function writePointer(defaultHome: string, libraryPath: string): Promise<string> {
  const file = path.join(defaultHome, LOCATION_FILE);
  try {
    await writeTextFileAtomically(file, `${JSON.stringify({ path: libraryPath }, null, 2)}\n`);
    return file;
  } catch (err) {
    throw diskError(err, file);
  }
}
