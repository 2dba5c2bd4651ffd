import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepPartials } from '../../src/main/services/library/library-copy';
import { tempDir } from '../helpers/library';

// A backup or move stages its copy in `<dest>.wan-partial-<pid>-<hex>`; a killed one's stage is
// swept by the next copy into the same parent, whatever moment the kill hit.

const dirs: Array<{ remove: () => void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('sweeping killed stages', () => {
  it('removes a dead writer’s stage with its marker, empty, or with only the marker’s temp; keeps the rest', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const stage = (name: string, files: Record<string, string> = {}): string => {
      const folder = join(dir.path, name);
      mkdirSync(folder);
      for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
      return folder;
    };
    const marked = stage('a.wan-partial-111-0000aaaa', { '.wan-partial.json': '{"pid":111}', 'library.sqlite': 'x' });
    const empty = stage('b.wan-partial-112-0000bbbb');
    const cut = stage('c.wan-partial-113-0000cccc', { '..wan-partial.json.113-1234abcd.part': '{"pi' });
    const live = stage('d.wan-partial-114-0000dddd', { '.wan-partial.json': '{"pid":114}' });
    const stranger = stage('e.wan-partial-115-0000eeee', { 'notes.txt': 'mine' });
    const wrongPid = stage('f.wan-partial-116-0000ffff', { '.wan-partial.json': '{"pid":999}' });
    const removed = await sweepPartials(dir.path, (pid) => pid === 114);
    expect(removed).toBe(3);
    for (const gone of [marked, empty, cut]) expect(existsSync(gone)).toBe(false);
    for (const kept of [live, stranger, wrongPid]) expect(existsSync(kept)).toBe(true);
  });
});
