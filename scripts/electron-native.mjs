#!/usr/bin/env node
// Builds better-sqlite3 for the installed Electron into
//   .cache/electron-native/<electron version>-<platform>-<arch>/better_sqlite3.node
// and leaves node_modules/better-sqlite3/build (Node's ABI, for the tests and the CLI) untouched:
// the package's sources are copied to a temp dir and built there. Electron's main process passes
// the result to better-sqlite3 as `nativeBinding` (src/main/platform/native-binding.ts);
// electron-builder.yml ships it in the app's resources.
//
// It tries better-sqlite3's own route first (a prebuilt binary for this Electron, via
// prebuild-install) and then compiles with node-gyp against Electron's headers. Both need the
// network once; the result is cached and the step is skipped while it is current.
//
//   node scripts/electron-native.mjs [--force] [--from-source] [--arch=x64|arm64|…]
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// Keep in step with src/main/platform/native-binding.ts (a unit test compares them).
export const NATIVE_CACHE_DIR = '.cache/electron-native';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
export function nativeBuildName({ electronVersion, platform, arch }) {
  return `${electronVersion}-${platform}-${arch}`;
}

const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const PREBUILT_TIMEOUT_MS = 3 * 60_000;
const COMPILE_TIMEOUT_MS = 20 * 60_000;

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function parseArgs(argv) {
  const archArg = argv.find((arg) => arg.startsWith('--arch='));
  return {
    isForced: argv.includes('--force'),
    isFromSource: argv.includes('--from-source'),
    arch: archArg ? archArg.slice('--arch='.length) : process.arch,
  };
}

// npm hands its config to scripts as npm_config_* variables, and node-gyp reads them: a `nodedir`
// (set on some machines so Node addons build offline) would silently build against Node's headers
// instead of Electron's. The command line says everything this build needs.
function buildEnv() {
  const env = { ...process.env };
  const overridden =
    /^npm_config_(nodedir|target|target_arch|arch|runtime|disturl|dist_url|devdir|build_from_source)$/i;
  for (const key of Object.keys(env)) if (overridden.test(key)) delete env[key];
  return env;
}

/** node-gyp: the copy npm runs scripts with, the project's, or the one bundled inside npm. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  try {
    candidates.push(require.resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a (transitive) dependency of this checkout
  }
  if (process.env.npm_execpath) {
    candidates.push(join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  }
  const nodeDir = dirname(process.execPath);
  candidates.push(
    join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(nodeDir, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((file) => file && existsSync(file)) ?? null;
}

function findPrebuildInstall(packageDir) {
  try {
    return createRequire(join(packageDir, 'package.json')).resolve('prebuild-install/bin.js');
  } catch {
    return null;
  }
}

/** Runs `node script args` in `cwd`, its output appended to the log; true when it exits 0. */
function runLogged(logFile, label, script, args, cwd, timeout) {
  writeFileSync(logFile, `\n$ ${label} ${args.join(' ')}\n`, { flag: 'a' });
  const fd = openSync(logFile, 'a');
  try {
    const result = spawnSync(process.execPath, [script, ...args], {
      cwd,
      env: buildEnv(),
      stdio: ['ignore', fd, fd],
      timeout,
    });
    if (result.error) writeFileSync(logFile, `${result.error.message}\n`, { flag: 'a' });
    return result.status === 0;
  } finally {
    closeSync(fd);
  }
}

function whyItFailed(log) {
  if (
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|network connectivity/i.test(
      log,
    )
  ) {
    return "it could not download Electron's headers or a prebuilt binary (no network access to electronjs.org or GitHub?)";
  }
  if (/find Python|Could not find any Python/i.test(log)) return 'Python 3 was not found (node-gyp needs it)';
  if (/make: not found|g\+\+: not found|c\+\+: not found|Could not find any Visual Studio|xcode-select/i.test(log)) {
    return 'no C++ toolchain was found (make and g++, Xcode command line tools, or Visual Studio Build Tools)';
  }
  if (/ETIMEDOUT|SIGTERM/.test(log)) return 'it took too long and was stopped';
  return 'the build failed';
}

/** Copies the package without its build/ (Node's binary) and node_modules, so nothing of it changes. */
function copySources(packageDir, target) {
  cpSync(packageDir, target, {
    recursive: true,
    filter: (from) => {
      const top = relative(packageDir, from).split(sep)[0];
      return top !== 'build' && top !== 'node_modules';
    },
  });
}

function install(built, outDir, stamp) {
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, NATIVE_BINDING_FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  copyFileSync(built, tmp);
  renameSync(tmp, target);
  writeFileSync(join(outDir, 'build-info.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  return target;
}

/** One Electron at a time: builds for an Electron this checkout no longer has are dead weight (and would be packaged). */
function pruneOtherVersions(cacheDir, keep, platform, arch) {
  for (const entry of readdirSync(cacheDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== keep && entry.name.endsWith(`-${platform}-${arch}`)) {
      rmSync(join(cacheDir, entry.name), { recursive: true, force: true });
    }
  }
}

export function main(argv = process.argv.slice(2)) {
  const { isForced, isFromSource, arch } = parseArgs(argv);
  const platform = process.platform;
  const electronVersion = readJson(require.resolve('electron/package.json')).version;
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
  const sqliteVersion = readJson(join(packageDir, 'package.json')).version;
  const name = nativeBuildName({ electronVersion, platform, arch });
  const cacheDir = join(root, ...NATIVE_CACHE_DIR.split('/'));
  const outDir = join(cacheDir, name);
  const target = join(outDir, NATIVE_BINDING_FILE);
  const shown = relative(root, target);

  const stampFile = join(outDir, 'build-info.json');
  const stamp = existsSync(stampFile) ? readJson(stampFile) : null;
  if (!isForced && existsSync(target) && stamp?.betterSqlite3 === sqliteVersion) {
    console.log(
      `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch}) is ready: ${shown}`,
    );
    return 0;
  }

  mkdirSync(cacheDir, { recursive: true });
  const logFile = join(cacheDir, `build-${name}.log`);
  writeFileSync(logFile, `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch})\n`);
  console.log(
    `Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${platform}-${arch}); log: ${relative(root, logFile)}`,
  );

  const work = mkdtempSync(join(tmpdir(), 'wan-electron-native-'));
  try {
    const sources = join(work, 'better-sqlite3');
    copySources(packageDir, sources);
    const built = join(sources, 'build', 'Release', NATIVE_BINDING_FILE);
    let method = null;

    const prebuildInstall = isFromSource ? null : findPrebuildInstall(packageDir);
    const prebuiltArgs = [
      `--runtime=electron`,
      `--target=${electronVersion}`,
      `--arch=${arch}`,
      `--platform=${platform}`,
    ];
    if (
      prebuildInstall &&
      runLogged(logFile, 'prebuild-install', prebuildInstall, prebuiltArgs, sources, PREBUILT_TIMEOUT_MS)
    ) {
      if (existsSync(built)) method = 'prebuilt';
    }

    const nodeGyp = method ? null : findNodeGyp();
    if (!method && !nodeGyp) {
      console.error('Could not find node-gyp (it comes with npm). Run this through npm, e.g. `npm start`.');
      return 1;
    }
    if (!method) {
      const gypArgs = [
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        `--arch=${arch}`,
        `--dist-url=${ELECTRON_HEADERS_URL}`,
        '--runtime=electron',
        // The same header cache as @electron/rebuild, apart from Node's own in ~/.cache/node-gyp.
        `--devdir=${join(homedir(), '.electron-gyp')}`,
      ];
      console.log('No prebuilt binary; compiling with node-gyp (a few minutes)…');
      if (runLogged(logFile, 'node-gyp', nodeGyp, gypArgs, sources, COMPILE_TIMEOUT_MS) && existsSync(built)) {
        method = 'node-gyp';
      }
    }

    if (!method) {
      const reason = whyItFailed(readFileSync(logFile, 'utf8'));
      console.error(
        [
          `Could not build better-sqlite3 for Electron ${electronVersion} (${platform}-${arch}): ${reason}.`,
          'The app needs this once per Electron version; the tests and the CLI do not (they use the Node.js build in node_modules).',
          `Details: ${relative(root, logFile)}. Fix the cause, then run \`node scripts/electron-native.mjs\` again (npm start does).`,
        ].join('\n'),
      );
      return 1;
    }

    install(built, outDir, {
      electron: electronVersion,
      platform,
      arch,
      betterSqlite3: sqliteVersion,
      method,
      builtAt: new Date().toISOString(),
    });
    pruneOtherVersions(cacheDir, name, platform, arch);
    console.log(`Built ${shown} (${method}).`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(main());
}
