#!/usr/bin/env node
// `npx wan-studio` / `npm run cli` in a clone. Runs the bundle `npm run build` made (out/cli)
// when none of the files it was built from changed since; otherwise the TypeScript through tsx,
// so an edited source never meets a stale bundle. WAN_STUDIO_CLI=tsx or =bundle forces a side.
// The packaged app does not use this file: its `wan-studio` launcher runs the bundle directly.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = new URL('../out/cli/wan-studio.mjs', import.meta.url);

/** True when out/cli exists and no source it lists is newer than the build's start (about 120 stats, < 1 ms). */
function isBundleFresh() {
  let info;
  try {
    info = JSON.parse(readFileSync(new URL('../out/cli/build-info.json', import.meta.url), 'utf8'));
  } catch {
    return false;
  }
  for (const file of info.inputs) {
    try {
      if (statSync(root + file).mtimeMs > info.startedAt) return false;
    } catch {
      return false; // removed or renamed since the build
    }
  }
  return true;
}

const side = process.env.WAN_STUDIO_CLI;
if (side === 'bundle' || (side !== 'tsx' && isBundleFresh())) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
