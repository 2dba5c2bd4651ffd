// `npm start` builds the app and opens it; `npm run dev` (`--dev`) runs it from the dev server.
// The steps run in order and the first failure stops the rest: is Electron there, is
// better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs, cached after the first
// time), then build and launch.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const isDev = process.argv.includes('--dev');

function electronViteBin() {
  const packageJsonPath = require.resolve('electron-vite/package.json');
  const { bin } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  return join(dirname(packageJsonPath), typeof bin === 'string' ? bin : bin['electron-vite']);
}

// Deliberately not `require('electron')`: when the binary is missing, that call starts a
// download from GitHub instead of answering the question.
function findElectronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) {
    return existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : null;
  }
  const electronDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function checkElectronBinary() {
  if (findElectronBinary()) return 0;
  console.error(
    [
      'The Electron binary is not installed, so Wan Studio cannot open its window.',
      "Electron's installer downloads it from GitHub, which needs Node.js >= 22.12 and internet access",
      `(this is Node.js ${process.versions.node}).`,
      'On a machine with both, run `npx electron@45 --version`, or reinstall it with `npm rebuild electron`.',
    ].join('\n'),
  );
  return 1;
}

// Its own process: electron-native.mjs is also run on its own (and by `npm run dist`).
function buildNativeForElectron() {
  const script = join(import.meta.dirname, 'electron-native.mjs');
  return spawnSync(process.execPath, [script], { stdio: 'inherit' }).status ?? 1;
}

function electronVite(...args) {
  return () => spawnSync(process.execPath, [electronViteBin(), ...args], { stdio: 'inherit' }).status ?? 1;
}

function stepsFor(dev) {
  if (dev) return [checkElectronBinary, buildNativeForElectron, electronVite('dev')];
  return [checkElectronBinary, buildNativeForElectron, electronVite('build'), electronVite('preview', '--skipBuild')];
}

for (const step of stepsFor(isDev)) {
  const status = step();
  if (status !== 0) process.exit(status);
}
