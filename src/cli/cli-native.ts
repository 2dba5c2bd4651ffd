import { existsSync } from 'node:fs';
import path from 'node:path';
import { nativeBindingPath } from '../main/platform/native-binding';

// Under plain Node the CLI loads better-sqlite3's own build. The packaged app's `wan-studio`
// launcher runs the bundle with the app's executable (ELECTRON_RUN_AS_NODE=1), whose ABI is
// Electron's: the Node build is not shipped, so the CLI uses the Electron one the app ships in
// <resources>/electron-native (or, from a clone, .cache/electron-native) like the app does.

/** `<resources>` when `script` lies inside `<resources>/app.asar` (or app.asar.unpacked). */
export function resourcesOf(script: string): string | undefined {
  const parts = script.split(/[\\/]/);
  const at = parts.findIndex((part) => part === 'app.asar' || part === 'app.asar.unpacked');
  return at > 0 ? parts.slice(0, at).join(path.sep) : undefined;
}

/** The Electron-ABI better_sqlite3.node when running as Electron, else undefined (Node's own). */
export function cliNativeBinding(
  versions: NodeJS.ProcessVersions = process.versions,
  script: string = process.argv[1] ?? '',
  exists: (file: string) => boolean = existsSync,
): string | undefined {
  const electronVersion = versions.electron;
  if (!electronVersion) return undefined;
  const resourcesPath = resourcesOf(script);
  const file = nativeBindingPath({
    electronVersion,
    platform: process.platform,
    arch: process.arch,
    isPackaged: resourcesPath !== undefined,
    resourcesPath: resourcesPath ?? '',
    // From a clone: out/cli/wan-studio.mjs → the project root.
    appPath: path.resolve(path.dirname(script), '..', '..'),
  });
  return exists(file) ? file : undefined;
}
