import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../src/main/services/library/library';
import { newImageFrom } from '../../src/main/services/library/library-repository';
import type { SimStatsReport, SimTaskReport } from '../../src/main/services/simulator/sim-stats';
import { renderPng } from '../../src/main/services/simulator/png-render';
import { incompleteImageReason, scanFolder } from '../../scripts/soak/file-check';
import {
  checkBackup,
  checkExports,
  checkGenerations,
  integrityOf,
  scanLibrary,
} from '../../scripts/soak/library-check';
import { PHASES, planSteps, type Step } from '../../scripts/soak/plan';
import { buildReport, type ReportInput } from '../../scripts/soak/report';
import { tempDir } from '../helpers/library';

// The soak's own checks must be able to fail: each broken thing below must be seen.

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pictures = (tag: string, count: number): Buffer[] =>
  Array.from({ length: count }, (_, index) =>
    renderPng({ prompt: tag, seed: 1, width: 64, height: 48, index, total: count }),
  );

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function library(): Library {
  const dir = tempDir('wan-soak-check-');
  const lib = openLibrary(path.join(dir.path, 'library'));
  cleanup.push(() => {
    lib.close();
    dir.remove();
  });
  return lib;
}

/** A generation as the engine leaves it, with the given images stored and committed. */
async function generation(
  lib: Library,
  tag: string,
  options: { status: 'done' | 'interrupted'; taskId?: string; images?: Buffer[] },
): Promise<string> {
  const id = `g${tag}`;
  lib.repo.insertGeneration({
    id,
    createdAt: Date.UTC(2025, 5, 1),
    status: 'queued',
    model: 'wan2.7-image',
    prompt: `猫 soak#${tag}`,
    size: '64x48',
    n: 2,
    seed: 1,
    parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
    mode: 'async',
    providerProfile: 'test',
    baseUrl: 'http://127.0.0.1:1/v1',
    rerunOf: null,
  });
  if (options.taskId) lib.repo.updateGeneration(id, { status: 'polling', taskId: options.taskId });
  if (options.status === 'interrupted') {
    lib.repo.updateGeneration(id, { status: 'interrupted' });
    return id;
  }
  const rows = [];
  for (const [index, bytes] of (options.images ?? []).entries()) {
    const stored = await lib.store.writeBuffer(`${id}-${index}`, bytes, { createdAt: new Date(Date.UTC(2025, 5, 1)) });
    rows.push(newImageFrom(stored, { id: `${id}-${index}`, generationId: id, index, createdAt: 1 }));
  }
  lib.repo.commitImages(id, rows, { finishedAt: 2 });
  // The record beside each image is written after the commit, in the background.
  await lib.recordsWritten();
  return id;
}

function task(id: string, tag: string, images: Buffer[] | null, count = images?.length ?? 0): SimTaskReport {
  return {
    id,
    prompt: `猫 soak#${tag}`,
    n: count,
    isSequential: false,
    mode: 'async',
    responseFormat: 'url',
    createdAt: 1,
    state: images ? 'done' : 'running',
    imageCount: count,
    images: images?.map((b, index) => ({ id: `${id}-${index}`, index, bytes: b.length, sha256: sha(b) })) ?? null,
  };
}

const simReport = (tasks: SimTaskReport[]): SimStatsReport => ({
  creates: tasks.length,
  accepted: tasks.length,
  polls: 0,
  downloads: 0,
  rejectedByLimits: 0,
  tasks,
});

describe('soak checks', () => {
  it('pass a healthy library and count a create killed in flight apart, not as lost', async () => {
    const lib = library();
    const good = pictures('s1x0001', 2);
    await generation(lib, 's1x0001', { status: 'done', taskId: 't1', images: good });
    await generation(lib, 's1x0002', { status: 'interrupted' });
    const check = checkGenerations(lib.home, simReport([task('t1', 's1x0001', good), task('t2', 's1x0002', null, 3)]));
    expect(check).toMatchObject({ imagesExpected: 2, imagesOnDisk: 2, lost: [], duplicates: [], stuck: [] });
    expect(check.unrecorded).toEqual({ tasks: 1, images: 3, notInterrupted: [] });
    expect(scanLibrary(lib.home)).toMatchObject({ halfFiles: [], leftovers: [], orphans: [], rowsWithoutFile: [] });
    expect(integrityOf(path.join(lib.home, 'library.sqlite'))).toBe('ok');
  });

  it('see a missing image, a file that is not what was served, and a duplicated create', async () => {
    const lib = library();
    const served = pictures('s1x0003', 2);
    await generation(lib, 's1x0003', { status: 'done', taskId: 't3', images: served.slice(0, 1) });
    await generation(lib, 's1x0004', { status: 'done', taskId: 't4', images: pictures('other', 1) });
    await generation(lib, 's1x0005', { status: 'done', taskId: 't5', images: pictures('s1x0005', 1) });
    const check = checkGenerations(
      lib.home,
      simReport([
        task('t3', 's1x0003', served),
        task('t4', 's1x0004', pictures('s1x0004', 1)),
        task('t5', 's1x0005', pictures('s1x0005', 1)),
        task('t5b', 's1x0005', pictures('s1x0005', 1)),
      ]),
    );
    expect(check.lost).toEqual([
      expect.objectContaining({ tag: 's1x0003', indexes: [1], reason: 'no image row' }),
      expect.objectContaining({ tag: 's1x0004', indexes: [0], reason: expect.stringMatching(/not the image/) }),
    ]);
    expect(check.duplicates).toEqual([{ tag: 's1x0005', taskIds: ['t5', 't5b'] }]);
    // The second create of s1x0005 was never recorded either: it is counted there too.
    expect(check.unrecorded.tasks).toBe(1);
  });

  it('see a truncated PNG under a real name, and count temp files as leftovers', async () => {
    const lib = library();
    const id = await generation(lib, 's1x0006', { status: 'done', taskId: 't6', images: pictures('s1x0006', 2) });
    const file = path.join(lib.home, 'images', '2025', '06', `${id}-0.png`);
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    const orphan = path.join(lib.home, 'images', '2025', '06', 'stray.png');
    writeFileSync(orphan, pictures('stray', 1)[0]!.subarray(0, 100));
    mkdirSync(path.join(lib.home, 'tmp'), { recursive: true });
    writeFileSync(path.join(lib.home, 'tmp', `${id}-1.abc.part`), 'half');
    const scan = scanLibrary(lib.home);
    expect(scan.halfFiles.map((h) => h.path).sort()).toEqual([file, orphan].sort());
    expect(scan.halfFiles.find((h) => h.path === orphan)?.reason).toMatch(/IEND/);
    expect(scan.leftovers).toHaveLength(1);
    expect(scan.orphans).toEqual([orphan]);
  });

  it('tell complete PNG, JPEG and WebP bytes from cut ones', () => {
    const png = pictures('x', 1)[0]!;
    expect(incompleteImageReason(png, '.png')).toBeNull();
    expect(incompleteImageReason(png.subarray(0, png.length - 1), '.png')).toMatch(/IEND/);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    expect(incompleteImageReason(jpeg, '.jpg')).toBeNull();
    expect(incompleteImageReason(jpeg.subarray(0, 6), '.jpg')).toMatch(/EOI/);
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([8, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
    expect(incompleteImageReason(webp, '.webp')).toBeNull();
    expect(incompleteImageReason(webp.subarray(0, 14), '.webp')).toMatch(/header says/);
  });

  it('see a damaged database, a finished export missing a file, and a backup folder without its marker', async () => {
    const lib = library();
    const dir = path.dirname(lib.home);
    const broken = path.join(dir, 'broken.sqlite');
    writeFileSync(broken, Buffer.alloc(8192, 7));
    expect(integrityOf(broken)).not.toBe('ok');

    const dest = path.join(dir, 'export');
    lib.db
      .prepare(
        "INSERT INTO exports (id, created_at, updated_at, status, destination, options, total) VALUES ('x1', 1, 1, 'done', ?, '{}', 1)",
      )
      .run(dest);
    lib.db
      .prepare(
        "INSERT INTO export_items (export_id, seq, image_id, planned_path, final_path, status, sha256, bytes) VALUES ('x1', 0, 'i', 'a.png', 'a.png', 'done', 'ff', 3)",
      )
      .run();
    expect(checkExports(lib.home)).toMatchObject({ finished: 1, missing: [path.join(dest, 'a.png')] });
    mkdirSync(dest);
    writeFileSync(path.join(dest, 'a.png'), 'abc');
    const scan = scanFolder(dest, { records: checkExports(lib.home).records });
    expect(scan.halfFiles).toEqual([expect.objectContaining({ reason: 'sha256 differs from the record' })]);

    const backup = path.join(dir, 'backup');
    mkdirSync(backup);
    expect(checkBackup(backup)).toMatchObject({ isFinished: false });
    expect(checkBackup(backup).integrity).not.toBe('ok');
  });

  it('fail the report on each of lost, duplicates, half files and integrity', () => {
    const base: ReportInput = {
      seed: 1,
      durationMs: 1,
      outcomes: [{ aimed: 'create', observed: 'create', isKilled: true, atMs: 5, command: 'wan-studio generate' }],
      attempts: 1,
      generations: {
        tasksAccepted: 1,
        imagesExpected: 1,
        imagesOnDisk: 1,
        lost: [],
        duplicates: [],
        unrecorded: { tasks: 0, images: 0, notInterrupted: [] },
        stuck: [],
      },
      files: { files: 1, halfFiles: [], leftovers: [], orphans: [] },
      integrity: [{ file: 'library.sqlite', result: 'ok' }],
      exports: { finished: 0, unfinished: [], missing: [], folders: [] },
      backups: [],
      importMissing: [],
      importFolders: 0,
      sim: simReport([]),
      notes: [],
    };
    expect(buildReport(base).ok).toBe(true);
    const lost = {
      tag: 't',
      taskId: 'x',
      generationId: 'g',
      status: 'failed',
      indexes: [0, 1],
      reason: 'no image row',
    };
    const broken: Array<Partial<ReportInput>> = [
      { generations: { ...base.generations, lost: [lost] } },
      { generations: { ...base.generations, duplicates: [{ tag: 't', taskIds: ['a', 'b'] }] } },
      { files: { ...base.files, halfFiles: [{ path: 'a.png', reason: 'cut' }] } },
      { integrity: [{ file: 'library.sqlite', result: 'row 3 missing from index' }] },
      { exports: { ...base.exports, missing: ['a.png'] } },
      { importMissing: ['b.png'] },
    ];
    for (const patch of broken) {
      const report = buildReport({ ...base, ...patch });
      expect(report.ok).toBe(false);
      expect(report.problems.length).toBeGreaterThan(0);
    }
    expect(buildReport({ ...base, generations: { ...base.generations, lost: [lost] } }).images.lost).toBe(2);
  });

  it('plan the same steps for the same seed, every phase in each round', () => {
    const first = (seed: number, count: number): Step[] => {
      const steps: Step[] = [];
      for (const step of planSteps(seed)) if (steps.push(step) >= count) break;
      return steps;
    };
    expect(first(5, 21)).toEqual(first(5, 21));
    expect(first(6, 21)).not.toEqual(first(5, 21));
    const steps = first(5, 21);
    for (let round = 0; round < 3; round++)
      expect(new Set(steps.slice(round * 7, round * 7 + 7).map((s) => s.phase))).toEqual(new Set(PHASES));
    const tags = steps.flatMap((s) => (s.kind === 'generate' ? [s.tag] : []));
    expect(new Set(tags).size).toBe(tags.length);
  });
});
