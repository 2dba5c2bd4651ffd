import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowserMode } from './support/browser-mode-process';

// Builds the renderer as it is now (a second or two) into its own folder, so a concurrent
// `npm run build` cannot swap files under a running spec, then starts one browser-mode server on
// a free port with a fresh library and no key: the app offers the offline simulator. Workers
// inherit the link through the environment. WAN_E2E_RENDERER_DIR skips the build.

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BUILD_DIR = path.join(ROOT, '.cache', 'e2e-build');

function buildRenderer(): string {
  const bin = path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const build = spawnSync(process.execPath, [bin, 'build', '--outDir', BUILD_DIR], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    const log = `${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`electron-vite build failed (exit ${build.status}):\n${log}`);
  }
  return path.join(BUILD_DIR, 'renderer');
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const rendererDir = process.env.WAN_E2E_RENDERER_DIR ?? buildRenderer();
  process.env.WAN_E2E_RENDERER_DIR = rendererDir;
  const home = mkdtempSync(path.join(tmpdir(), 'wan-e2e-'));
  const server = await launchBrowserMode({ home, rendererDir });
  process.env.WAN_E2E_URL = server.url;
  process.env.WAN_E2E_ORIGIN = server.origin;
  process.env.WAN_E2E_TOKEN = server.token;
  process.env.WAN_E2E_HOME = home;
  return async () => {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
