import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeManifests } from '../../src/main/services/export/manifest';
import { tempDir } from '../helpers/library';

// A killed export can leave a half-written manifest under a hidden temp name in the person's
// folder; the next export (or its resume) there removes it, and never one a live process writes.

const dirs: Array<{ remove: () => void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('manifest temp files', () => {
  it('a dead writer’s are swept when manifests are next written; a live one’s are kept', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const dead = '.manifest.json.4194999-deadbeef.part';
    const deadCsv = '.manifest.csv.4194998-0badf00d.part';
    const live = `.manifest.json.${process.pid}-abcdef01.part`;
    const foreign = '.manifest.json.someone-else.part';
    for (const name of [dead, deadCsv, live, foreign]) writeFileSync(join(dir.path, name), '{"half":');
    await writeManifests(dir.path, []);
    expect(existsSync(join(dir.path, dead))).toBe(false);
    expect(existsSync(join(dir.path, deadCsv))).toBe(false);
    expect(existsSync(join(dir.path, live))).toBe(true);
    expect(existsSync(join(dir.path, foreign))).toBe(true);
    expect(
      readdirSync(dir.path)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(['manifest.csv', 'manifest.json']);
  });
});
