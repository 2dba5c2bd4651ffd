import type { CommandManifest } from './command-groups';

// scripts/build-cli.mjs replaces this file in the bundle with the manifest it collected at build
// time, so the bundled CLI knows every command's flags and usage without loading any command.
// Run from source (tsx), it stays undefined and the dispatcher collects the manifest itself.
export const BUILT_MANIFEST: CommandManifest | undefined = undefined;
