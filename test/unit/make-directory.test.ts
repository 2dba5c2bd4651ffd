import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectory, makeDirectorySync } from '../../src/main/services/library/byte-streams';
import { tempDir } from '../helpers/library';

// Node's `mkdir(…, { recursive: true })` never returns when a parent exists but cannot hold
// children (a dangling symlink, /proc); folders typed by people must get an error instead.

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('wan-mkdir-');
  writeFileSync(path.join(dir.path, 'file'), 'x');
  symlinkSync(path.join(dir.path, 'gone'), path.join(dir.path, 'dangling'));
});
afterEach(() => dir.remove());

describe.each([
  ['makeDirectory', (d: string) => makeDirectory(d)],
  ['makeDirectorySync', async (d: string) => makeDirectorySync(d)],
])('%s', (_name, make) => {
  it('makes every missing level, and accepts a folder that is there', async () => {
    const deep = path.join(dir.path, 'a', 'b', 'c');
    await make(deep);
    expect((await stat(deep)).isDirectory()).toBe(true);
    await make(deep);
    mkdirSync(path.join(dir.path, 'kept'));
    await make(path.join(dir.path, 'kept'));
  });

  it('answers at once, with the reason, where Node would spin forever', async () => {
    await expect(make(path.join(dir.path, 'dangling', 'out'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(make(path.join(dir.path, 'dangling'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(make(path.join(dir.path, 'file', 'out'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(make(path.join(dir.path, 'file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(make('/proc/wan-studio-no-such/out')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
