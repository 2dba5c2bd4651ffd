import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  existingNativeBinding,
  NATIVE_BINDING_FILE,
  NATIVE_CACHE_DIR,
  NATIVE_RESOURCES_DIR,
  nativeBindingPath,
  nativeBuildName,
} from '../../../src/main/platform/native-binding';
import * as script from '../../../scripts/electron-native.mjs';

const target = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' };
const place = { ...target, appPath: '/src/wan-studio', resourcesPath: '/opt/Wan Studio/resources' };

describe('nativeBindingPath', () => {
  it('uses the build cache of the checkout when not packaged', () => {
    expect(nativeBindingPath({ ...place, isPackaged: false })).toBe(
      path.join('/src/wan-studio', '.cache', 'electron-native', '45.4.1-linux-x64', 'better_sqlite3.node'),
    );
  });

  it('uses the resources folder in a packaged app', () => {
    expect(nativeBindingPath({ ...place, isPackaged: true })).toBe(
      path.join('/opt/Wan Studio/resources', 'electron-native', '45.4.1-linux-x64', 'better_sqlite3.node'),
    );
  });

  it('gives undefined when the file is not there, so better-sqlite3 is not pointed at nothing', () => {
    const warnings: string[] = [];
    const warn = (message: string): void => void warnings.push(message);
    expect(existingNativeBinding({ ...place, isPackaged: false }, () => false, warn)).toBeUndefined();
    expect(warnings[0]).toContain('node scripts/electron-native.mjs');
    const found = existingNativeBinding({ ...place, isPackaged: false }, () => true, warn);
    expect(found).toBe(nativeBindingPath({ ...place, isPackaged: false }));
  });
});

describe('the names shared with scripts/electron-native.mjs and electron-builder.yml', () => {
  it('match the build script', () => {
    expect(script.NATIVE_CACHE_DIR).toBe(NATIVE_CACHE_DIR);
    expect(script.NATIVE_BINDING_FILE).toBe(NATIVE_BINDING_FILE);
    expect(script.nativeBuildName(target)).toBe(nativeBuildName(target));
  });

  it('match what electron-builder ships', async () => {
    const config = await readFile(path.join(import.meta.dirname, '../../../electron-builder.yml'), 'utf8');
    expect(config).toContain(`from: ${NATIVE_CACHE_DIR}\n`);
    expect(config).toContain(`to: ${NATIVE_RESOURCES_DIR}\n`);
    expect(config).toContain(`'*-\${platform}-\${arch}/${NATIVE_BINDING_FILE}'`);
    expect(config).toMatch(/^npmRebuild: false$/m);
  });
});
