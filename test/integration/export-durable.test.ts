import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableBatches, type StagedItem } from '../../src/main/services/export/export-commit';
import { ExportRepository, type WrittenItem } from '../../src/main/services/export/export-repository';
import { readEmbeddedMetadata } from '../../src/main/services/export/metadata';
import { hashFile, inspectFile } from '../../src/main/services/library/byte-streams';
import { openLibrary } from '../../src/main/services/library/library';
import { runCli, startCli } from '../helpers/cli';
import { filesUnder } from '../helpers/files';
import { tempDir } from '../helpers/library';
import { seedLibrary } from '../helpers/seeded-library';

// Export's durability batches (export-commit.ts): names only for durable bytes, records only for
// durable names, and a SIGKILL of the real CLI in the middle of a batch that resume finishes.

let dir: ReturnType<typeof tempDir>;

beforeEach(() => {
  dir = tempDir('wan-export-durable-');
});

afterEach(() => dir.remove());

async function staged(seq: number): Promise<StagedItem> {
  const finalRel = `${seq}.png`;
  const finalAbs = path.join(dir.path, finalRel);
  const tempPath = path.join(dir.path, `.${finalRel}.wan-part`);
  await writeFile(tempPath, `image ${seq}`);
  return { seq, tempPath, finalRel, finalAbs, isOverwrite: false, sha256: `sha-${seq}`, bytes: 7 };
}

describe('durable batches', () => {
  it('names a batch only after it is written, records it only after every name, and grows 1, 2, 4', async () => {
    const events: string[] = [];
    const recorded: number[][] = [];
    const batches = new DurableBatches({
      publish: async (item) => {
        expect(await readFile(item.tempPath, 'utf8')).toBe(`image ${item.seq}`);
        await rename(item.tempPath, item.finalAbs);
        events.push(`publish ${item.seq}`);
        return { seq: item.seq, finalPath: item.finalRel, sha256: item.sha256, bytes: item.bytes };
      },
      record: (items: WrittenItem[]) => {
        // Every name the record mentions is in place when it is made.
        for (const item of items) expect(existsSync(path.join(dir.path, item.finalPath))).toBe(true);
        recorded.push(items.map((i) => i.seq));
        events.push(`record ${items.map((i) => i.seq).join(',')}`);
      },
      batchFiles: 4,
      batchMs: 60_000,
    });
    for (let seq = 1; seq <= 9; seq++) await batches.add(await staged(seq));
    await batches.finish();
    expect(recorded).toEqual([[1], [2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(events.indexOf('record 2,3')).toBe(events.indexOf('publish 3') + 1);
    expect(recorded.flat()).toHaveLength(9);
  });

  it('a failure mid-batch names nothing more, records nothing of that batch, removes its temp files and stops the export', async () => {
    const recorded: number[] = [];
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'link' });
    const batches = new DurableBatches({
      publish: async (item) => {
        if (item.seq === 3) throw full;
        await rename(item.tempPath, item.finalAbs);
        return { seq: item.seq, finalPath: item.finalRel, sha256: item.sha256, bytes: item.bytes };
      },
      record: (items) => recorded.push(...items.map((i) => i.seq)),
      batchFiles: 8,
      batchMs: 60_000,
    });
    await batches.add(await staged(1));
    for (const seq of [2, 3, 4]) await batches.add(await staged(seq));
    await expect(batches.finish()).rejects.toBe(full);
    await batches.discard();
    expect(recorded).toEqual([1]);
    // 2 was named before the failure (whole, and redone or kept by resume); 3 and 4 never were.
    expect(await filesUnder(dir.path)).toEqual(['1.png', '2.png']);
  });

  it('after a stop, files not yet committed are removed and left for resume', async () => {
    const controller = new AbortController();
    const recorded: number[] = [];
    const batches = new DurableBatches({
      publish: async (item) => {
        await rename(item.tempPath, item.finalAbs);
        return { seq: item.seq, finalPath: item.finalRel, sha256: item.sha256, bytes: item.bytes };
      },
      record: (items) => recorded.push(...items.map((i) => i.seq)),
      batchFiles: 8,
      batchMs: 60_000,
      signal: controller.signal,
    });
    await batches.add(await staged(1));
    await batches.add(await staged(2));
    controller.abort();
    await expect(batches.finish()).rejects.toThrow();
    await batches.discard();
    expect(recorded).toEqual([1]);
    expect(await filesUnder(dir.path)).toEqual(['1.png']);
  });
});

describe('a SIGKILL in the middle of a PNG export with metadata', () => {
  it('leaves only whole files under real names, records only files that are there, and resume finishes', async () => {
    const home = path.join(dir.path, 'home');
    const env = { WAN_STUDIO_HOME: home };
    const library = openLibrary(home);
    const specs = Array.from({ length: 48 }, (_, k) => ({
      prompt: `江南水乡 ${k}`,
      seed: 7000 + k,
      pixels: { width: 768, height: 768 },
    }));
    try {
      await seedLibrary(library, specs);
    } finally {
      library.close();
    }
    const to = path.join(dir.path, 'out');
    const { child, result } = startCli(['export', '--all', '--to', to, '--template', '{seed}'], env);
    // Kill once some files have names and others are still temp files: mid-batch by construction.
    for (let i = 0; i < 4000; i++) {
      const seen = await filesUnder(to);
      if (seen.filter((f) => f.endsWith('.png')).length >= 3 && seen.some((f) => f.endsWith('.wan-part'))) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');

    const named = (await filesUnder(to)).filter((f) => f.endsWith('.png'));
    expect(named.length).toBeGreaterThanOrEqual(3);
    expect(named.length).toBeLessThan(48);
    for (const file of named) {
      expect(await inspectFile(path.join(to, file)), file).toBeDefined();
      expect((await readEmbeddedMetadata(path.join(to, file))).wan?.seed, file).toBe(Number(file.slice(0, -4)));
    }
    // Whatever the database says is done is there, with the recorded bytes.
    const reopened = openLibrary(home);
    try {
      const repo = new ExportRepository(reopened.db);
      const [killed] = repo.list(1);
      const done = repo.items(killed!.id).filter((i) => i.status === 'done');
      for (const item of done)
        expect((await hashFile(path.join(to, item.finalPath!))).sha256, item.finalPath!).toBe(item.sha256);
    } finally {
      reopened.close();
    }

    const resumed = await runCli(['export', '--resume', '--json'], env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout).export).toMatchObject({ status: 'done', done: 48, failed: 0 });
    const after = await filesUnder(to);
    expect(after.filter((f) => f.includes('.wan-part'))).toEqual([]);
    const pngs = after.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(48);
    const manifest = JSON.parse(await readFile(path.join(to, 'manifest.json'), 'utf8'));
    expect(manifest.items).toHaveLength(48);
    for (const file of pngs) {
      expect(await inspectFile(path.join(to, file)), file).toBeDefined();
      const entry = manifest.items.find((i: { file: string }) => i.file === file);
      expect((await hashFile(path.join(to, file))).sha256, file).toBe(entry.sha256);
    }
    // ExifTool, the reference reader, finds the prompt in a file named before the kill and in one after.
    for (const file of [named[0]!, pngs.find((f) => !named.includes(f))!]) {
      const out = execFileSync('exiftool', ['-json', '-charset', 'utf8', path.join(to, file)], { encoding: 'utf8' });
      const parameters = String((JSON.parse(out) as Array<Record<string, unknown>>)[0]!.Parameters);
      expect(parameters, file).toContain(`江南水乡 ${Number(file.slice(0, -4)) - 7000}`);
    }
  });
});
