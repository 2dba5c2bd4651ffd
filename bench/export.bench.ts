import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DIRECT_ALIGN, DirectWrites, alignedSharedBuffer } from '../src/main/services/export/direct-io';
import { ExportEngine } from '../src/main/services/export/export-engine';
import { imageIdFor } from '../src/main/services/jobs/job-engine';
import { newGenerationId } from '../src/main/services/jobs/job-records';
import { GalleryRepository } from '../src/main/services/library/gallery-repository';
import { openLibrary, type Library } from '../src/main/services/library/library';

// Exporting N 2048x2048 PNGs with metadata (the app's path: read once, add iTXt chunks, hash
// twice on threads, write with O_DIRECT where possible, fdatasync in batches, name, fsync the
// folder, record, manifests) against `cp` of the same files followed by `sync`, so both end
// durable on disk. WAN_BENCH_EXPORT_COUNT changes N (default 1000); figures only, never a
// failure. The floor is printed too: what the two sha256 passes (exported file, original) cost,
// the one part of the export that cp does not have to do.

const COUNT = Number(process.env.WAN_BENCH_EXPORT_COUNT ?? 1000);
const DISTINCT = 8;
const EDGE = 2048;
const ROUNDS = 2;
const RATIO_TARGET = 1.5;

/** A photographic-size PNG (several MB), as a real Wan 2K result is. */
async function realisticPng(seed: number): Promise<Buffer> {
  const pixels = randomBytes(EDGE * EDGE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 96 + ((pixels[i]! + seed) & 0x0f);
  return sharp(pixels, { raw: { width: EDGE, height: EDGE, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** N library images, hard links to a few distinct files, so the disk holds one copy of each. */
export async function seedLibrary(library: Library): Promise<string[]> {
  const sources: Array<{ png: Buffer; sha256: string }> = [];
  for (let k = 0; k < DISTINCT; k++) {
    const png = await realisticPng(k);
    sources.push({ png, sha256: createHash('sha256').update(png).digest('hex') });
  }
  const originals: string[] = [];
  const files: string[] = [];
  const start = Date.UTC(2026, 9, 1);
  library.db.pragma('synchronous = OFF');
  for (let k = 0; k < COUNT; k++) {
    const createdAt = start + k * 60_000;
    const id = newGenerationId(createdAt);
    const imageId = imageIdFor(id, 0);
    const source = sources[k % DISTINCT]!;
    const rel = library.store.relPathFor(imageId, new Date(createdAt), 'png');
    const abs = library.store.absolute(rel);
    mkdirSync(dirname(abs), { recursive: true });
    if (k < DISTINCT) {
      const stored = await library.store.writeBuffer(imageId, source.png, { createdAt: new Date(createdAt) });
      originals.push(stored.absPath);
    } else linkSync(originals[k % DISTINCT]!, abs);
    files.push(abs);
    library.repo.insertGeneration({
      id,
      createdAt,
      status: 'downloading',
      model: 'wan2.7-image-pro',
      prompt: `江南水乡,清晨的薄雾中,水彩风格 #${k}`,
      size: `${EDGE}x${EDGE}`,
      n: 1,
      seed: 1000 + k,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
      mode: 'async',
      providerProfile: 'bench',
      baseUrl: 'http://127.0.0.1:1',
      rerunOf: null,
    });
    library.repo.commitImages(
      id,
      [
        {
          id: imageId,
          generationId: id,
          index: 0,
          path: rel,
          mime: 'image/png',
          width: EDGE,
          height: EDGE,
          bytes: source.png.length,
          sha256: source.sha256,
          createdAt,
        },
      ],
      { finishedAt: createdAt },
    );
  }
  library.db.pragma('synchronous = FULL');
  return files;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU seconds of waited-for children (cp, sync), from /proc: what cp costs, whatever the load. */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of stat(5); index 0 here is field 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

const ownCpu = (): { user: number; system: number } => {
  const { user, system } = process.cpuUsage();
  return { user: user / 1e6, system: system / 1e6 };
};

/** Whether this temp folder takes direct writes (else the export writes through the page cache). */
async function directIoHere(dir: string): Promise<boolean> {
  const direct = new DirectWrites();
  return direct.write(join(dir, 'direct-probe'), alignedSharedBuffer(DIRECT_ALIGN), DIRECT_ALIGN);
}

function timeCp(files: string[], to: string): number {
  mkdirSync(to, { recursive: true });
  const started = performance.now();
  // One cp per 200 files keeps the argument list well under any limit.
  for (let k = 0; k < files.length; k += 200) {
    const result = spawnSync('cp', [...files.slice(k, k + 200), to]);
    if (result.status !== 0) throw new Error(`cp failed: ${result.stderr.toString()}`);
  }
  return performance.now() - started;
}

/** One file's sha256 in memory, median of 5: the CPU an export spends per byte that cp does not. */
function sha256Floor(file: string): number {
  const bytes = readFileSync(file);
  const samples: number[] = [];
  for (let k = 0; k < 5; k++) {
    const started = performance.now();
    createHash('sha256').update(bytes).digest();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function timeSync(): number {
  const started = performance.now();
  execFileSync('sync');
  return performance.now() - started;
}

async function timeExport(library: Library, to: string): Promise<number> {
  const engine = new ExportEngine({ library, gallery: new GalleryRepository(library.db) });
  const started = performance.now();
  const view = await engine.start(
    { kind: 'query', query: {} },
    { destination: to, template: '{date}_{time}_{seed}_{index}', isMetadataIncluded: true },
  );
  const done = await engine.wait(view.id);
  const ms = performance.now() - started;
  if (done.status !== 'done' || done.done !== COUNT)
    throw new Error(`export ended ${done.status} (${done.done}/${COUNT})`);
  return ms;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'wan-bench-export-'));
  const library = openLibrary(join(root, 'library'));
  try {
    const files = await seedLibrary(library);
    const { size } = await import('node:fs').then((fs) => fs.statSync(files[0]!));
    console.log(
      `${COUNT} PNGs of ${EDGE}x${EDGE}, ~${(size / 1e6).toFixed(1)} MB each (${((size * COUNT) / 1e9).toFixed(1)} GB), ${ROUNDS} rounds, in ${tmpdir()}`,
    );
    const cp: number[] = [];
    const cpSynced: number[] = [];
    const app: number[] = [];
    const cpCpu: number[] = [];
    const appUser: number[] = [];
    const appSystem: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      timeSync();
      const cpDir = join(root, `cp-${round}`);
      const cpCpuBefore = childCpuSeconds();
      const cpMs = timeCp(files, cpDir);
      cpCpu.push(childCpuSeconds() - cpCpuBefore);
      cp.push(cpMs);
      cpSynced.push(cpMs + timeSync());
      rmSync(cpDir, { recursive: true, force: true });
      timeSync();
      const exportDir = join(root, `export-${round}`);
      const appCpuBefore = ownCpu();
      app.push(await timeExport(library, exportDir));
      const appCpuAfter = ownCpu();
      appUser.push(appCpuAfter.user - appCpuBefore.user);
      appSystem.push(appCpuAfter.system - appCpuBefore.system);
      rmSync(exportDir, { recursive: true, force: true });
    }
    const ratio = median(app) / median(cp);
    const syncedRatio = median(app) / median(cpSynced);
    console.log(`cp:                ${seconds(median(cp))} (median of ${ROUNDS})`);
    console.log(`cp, then sync:     ${seconds(median(cpSynced))}`);
    console.log(`export (metadata): ${seconds(median(app))}  (${((COUNT / median(app)) * 1000).toFixed(0)} images/s)`);
    console.log(`ratio export / cp (export durable, cp not): ${ratio.toFixed(2)}x`);
    console.log(
      `ratio export / (cp + sync), both durable on disk: ${syncedRatio.toFixed(2)}x (target ≤ ${RATIO_TARGET}x: ${syncedRatio <= RATIO_TARGET ? 'target met' : 'target MISSED'})`,
    );
    // On a shared machine wall time follows CPU share, so the CPU each side used is the fair figure.
    const user = median(appUser);
    const system = median(appSystem);
    console.log(
      `CPU used: cp ${median(cpCpu).toFixed(1)} s, export ${(user + system).toFixed(1)} s (user ${user.toFixed(1)} s: sha256 x2 on threads; system ${system.toFixed(1)} s: read, write, fdatasync); direct I/O here: ${(await directIoHere(root)) ? 'yes (O_DIRECT)' : 'no (buffered writes)'}`,
    );
    const hashMs = sha256Floor(files[0]!) * COUNT * 2;
    // The export hashes on one thread per core, 4 at most (hash-threads.ts).
    const cores = Math.min(4, availableParallelism());
    console.log(
      `floor: sha256 of every byte twice (exported file + original check) ${seconds(hashMs)} of CPU, ${seconds(hashMs / cores)} spread over ${cores} threads, alone ${(hashMs / cores / median(cpSynced)).toFixed(2)}x of cp + sync; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores`,
    );
  } finally {
    library.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
