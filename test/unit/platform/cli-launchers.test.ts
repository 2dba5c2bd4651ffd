import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ENTRY_POINTS } from '../../../scripts/build-cli.mjs';
import { cliNativeBinding, resourcesOf } from '../../../src/cli/cli-native';
import { NATIVE_BINDING_FILE, NATIVE_RESOURCES_DIR } from '../../../src/main/platform/native-binding';

// The packaged app's `wan-studio` launchers (build/cli) must name the paths electron-builder.yml
// ships and the bundle scripts/build-cli.mjs writes; the POSIX one is also run here, in a folder
// laid out like an installed Linux app, with a stand-in for the app's executable.

const root = path.join(import.meta.dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const bundleName = `${Object.keys(ENTRY_POINTS)[0]}.mjs`;
let work: string | undefined;

afterEach(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
});

describe('the launchers match electron-builder.yml and the bundle', () => {
  const config = read('electron-builder.yml');
  const product = /^productName: (.+)$/m.exec(config)![1]!;
  const linuxExecutable = /^ {2}executableName: (.+)$/m.exec(config)![1]!;

  it('are shipped to <resources>/bin', () => {
    expect(config).toMatch(/- from: build\/cli\n\s+to: bin\n\s+filter:\n\s+- wan-studio\n\s+- wan-studio.cmd\n/);
    expect(config).toMatch(/^ {2}- out\/\*\*$/m);
    expect(Object.keys(ENTRY_POINTS)).toContain('wan-studio');
  });

  it('run the bundle with the app executable as Node (POSIX)', () => {
    const sh = read('build/cli/wan-studio');
    expect(sh.startsWith('#!/bin/sh\n')).toBe(true);
    expect(statSync(path.join(root, 'build/cli/wan-studio')).mode & 0o111).not.toBe(0);
    expect(sh).toContain(`ELECTRON_RUN_AS_NODE=1 exec "$app" "$resources/app.asar/out/cli/${bundleName}" "$@"`);
    expect(sh).toContain(`app="$resources/../MacOS/${product}"`);
    expect(sh).toContain(`app="$resources/../${linuxExecutable}"`);
  });

  it('run the bundle with the app executable as Node (Windows)', () => {
    const cmd = read('build/cli/wan-studio.cmd');
    expect(cmd).toContain('set "ELECTRON_RUN_AS_NODE=1"\r\n');
    expect(cmd).toContain(`"%~dp0..\\..\\${product}.exe" "%~dp0..\\app.asar\\out\\cli\\${bundleName}" %*`);
  });

  it('the POSIX launcher, reached through a link on PATH, passes every argument through', () => {
    work = mkdtempSync(path.join(tmpdir(), 'wan-launcher-'));
    const install = path.join(work, 'opt', 'Wan Studio');
    const resources = path.join(install, 'resources');
    mkdirSync(path.join(resources, 'bin'), { recursive: true });
    mkdirSync(path.join(resources, 'app.asar', 'out', 'cli'), { recursive: true });
    copyFileSync(path.join(root, 'build/cli/wan-studio'), path.join(resources, 'bin', 'wan-studio'));
    chmodSync(path.join(resources, 'bin', 'wan-studio'), 0o755);
    // Stands in for the app's executable: prints what it was asked to run, as JSON.
    const fakeApp = path.join(install, 'wan-studio');
    writeFileSync(
      fakeApp,
      `#!/bin/sh\nexec "${process.execPath}" -e 'console.log(JSON.stringify({ asNode: process.env.ELECTRON_RUN_AS_NODE, args: process.argv.slice(1) }))' -- "$@"\n`,
    );
    chmodSync(fakeApp, 0o755);
    const pathDir = path.join(work, 'bin');
    mkdirSync(pathDir);
    symlinkSync(path.join(resources, 'bin', 'wan-studio'), path.join(pathDir, 'wan-studio'));
    const run = spawnSync('wan-studio', ['list', '--search', '花店 x', '--limit', '20'], {
      env: { PATH: `${pathDir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      asNode: '1',
      args: [path.join(resources, 'app.asar', 'out', 'cli', bundleName), 'list', '--search', '花店 x', '--limit', '20'],
    });
  });
});

describe('the CLI under Electron-as-Node opens SQLite with the Electron build', () => {
  const electron = { ...process.versions, electron: '45.4.1' };

  it('finds <resources> from the bundle path inside app.asar', () => {
    expect(resourcesOf('/opt/Wan Studio/resources/app.asar/out/cli/wan-studio.mjs')).toBe('/opt/Wan Studio/resources');
    expect(resourcesOf('/home/me/wan-studio/out/cli/wan-studio.mjs')).toBeUndefined();
  });

  it('uses the binding the app ships, and none under plain Node', () => {
    const script = '/opt/Wan Studio/resources/app.asar/out/cli/wan-studio.mjs';
    const expected = path.join(
      '/opt/Wan Studio/resources',
      NATIVE_RESOURCES_DIR,
      `45.4.1-${process.platform}-${process.arch}`,
      NATIVE_BINDING_FILE,
    );
    expect(cliNativeBinding(electron, script, (file) => file === expected)).toBe(expected);
    expect(cliNativeBinding(electron, script, () => false)).toBeUndefined();
    expect(cliNativeBinding(process.versions, script, () => true)).toBeUndefined();
  });
});
