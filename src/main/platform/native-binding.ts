import path from 'node:path';

// Where the app finds better_sqlite3.node built for Electron's ABI (Node's build in node_modules
// stays for the tests and the CLI). scripts/electron-native.mjs writes it, electron-builder.yml
// ships it; all three must agree on the names below (test/unit/platform checks the script).

/** Relative to the project root in a checkout. */
export const NATIVE_CACHE_DIR = '.cache/electron-native';
/** Relative to `process.resourcesPath` in a packaged app. */
export const NATIVE_RESOURCES_DIR = 'electron-native';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';

export type NativeTarget = { electronVersion: string; platform: string; arch: string };

export function nativeBuildName({ electronVersion, platform, arch }: NativeTarget): string {
  return `${electronVersion}-${platform}-${arch}`;
}

export type NativeBindingPlace = NativeTarget & {
  isPackaged: boolean;
  /** The project root when run from a checkout (`app.getAppPath()`). */
  appPath: string;
  /** `process.resourcesPath`: where extraResources land in a packaged app. */
  resourcesPath: string;
};

export function nativeBindingPath(place: NativeBindingPlace): string {
  const base = place.isPackaged
    ? path.join(place.resourcesPath, NATIVE_RESOURCES_DIR)
    : path.join(place.appPath, ...NATIVE_CACHE_DIR.split('/'));
  return path.join(base, nativeBuildName(place), NATIVE_BINDING_FILE);
}

/** The Electron-ABI binding if it was built (or shipped), with a hint on the console if not. */
export function existingNativeBinding(
  place: NativeBindingPlace,
  exists: (file: string) => boolean,
  warn: (message: string) => void = console.warn,
): string | undefined {
  const file = nativeBindingPath(place);
  if (exists(file)) return file;
  warn(
    place.isPackaged
      ? `This package has no ${NATIVE_BINDING_FILE} for Electron ${place.electronVersion}; the library cannot open.`
      : `No ${NATIVE_BINDING_FILE} built for Electron ${place.electronVersion} at ${file}; run \`node scripts/electron-native.mjs\` (npm start does).`,
  );
  return undefined;
}
