import { linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { imageIdFor } from '../src/main/services/jobs/job-engine';
import { newGenerationId } from '../src/main/services/jobs/job-records';
import { openLibrary, type Library } from '../src/main/services/library/library';
import { newImageFrom } from '../src/main/services/library/library-repository';
import { backfillThumbnails } from '../src/main/services/thumbnails/thumbnail-backfill';

// Thumbnails of N 4096x4096 results: the old way (sharp called on the main thread, one image at a
// time, as the job engine and start-up repair did) against the worker pool's backfill. For each:
// images per second, and how late the main event loop ran while it worked (perf_hooks'
// monitorEventLoopDelay, plus a 5 ms timer's worst lateness) — what the gallery and IPC feel.
// WAN_BENCH_THUMB_COUNT changes N (default 24). Figures only, never a failure.

const COUNT = Number(process.env.WAN_BENCH_THUMB_COUNT ?? 24);
const DISTINCT = 3;
const EDGE = 4096;
/**
 * Our goal for the worker: the main thread busy at most this share of the inline path's time per
 * image. Delay figures are printed too, but on a shared 2-core machine they mostly measure the
 * other processes (see the idle floor).
 */
const BUSY_SHARE_GOAL = 0.35;

type Figures = {
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  timerMax: number;
  /** Main-thread busy milliseconds per image (event-loop utilization × wall time / N). */
  busyPerImage: number;
};

/** A photographic-weight 4K PNG (tens of MB raw, several MB compressed), as a 4K Wan result is. */
async function realisticPng(seed: number): Promise<Buffer> {
  const pixels = randomBytes(EDGE * EDGE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 64 + ((pixels[i]! + seed) & 0x3f);
  return sharp(pixels, { raw: { width: EDGE, height: EDGE, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

async function seed(library: Library): Promise<void> {
  const originals: string[] = [];
  const start = Date.UTC(2026, 10, 1);
  for (let k = 0; k < COUNT; k++) {
    const createdAt = start + k * 60_000;
    const id = newGenerationId(createdAt);
    const imageId = imageIdFor(id, 0);
    library.repo.insertGeneration({
      id,
      createdAt,
      status: 'downloading',
      model: 'wan2.7-image-pro',
      prompt: `4K bench ${k}`,
      size: '4096x4096',
      n: 1,
      seed: k,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
      mode: 'async',
      providerProfile: 'bench',
      baseUrl: 'http://127.0.0.1:1',
      rerunOf: null,
    });
    let stored;
    if (k < DISTINCT) {
      stored = await library.store.writeBuffer(imageId, await realisticPng(k), { createdAt: new Date(createdAt) });
      originals.push(stored.absPath);
    } else {
      // Hard links: the disk holds a few 4K files, the library many images.
      const rel = library.store.relPathFor(imageId, new Date(createdAt), 'png');
      mkdirSync(dirname(library.store.absolute(rel)), { recursive: true });
      linkSync(originals[k % DISTINCT]!, library.store.absolute(rel));
      stored = await library.store.findExisting(imageId, new Date(createdAt));
    }
    library.repo.commitImages(id, [newImageFrom(stored!, { id: imageId, generationId: id, index: 0, createdAt })], {
      revisedPrompts: [],
      finishedAt: createdAt,
    });
  }
}

async function measure(work: () => Promise<void>): Promise<Figures> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let timerMax = 0;
  let expected = performance.now() + 5;
  const timer = setInterval(() => {
    const now = performance.now();
    timerMax = Math.max(timerMax, now - expected);
    expected = now + 5;
  }, 5);
  histogram.enable();
  const started = performance.now();
  const eluBefore = perf.eventLoopUtilization();
  await work();
  // How long the main thread itself was busy: unlike the delay figures, hardly moved by the other
  // processes on a shared machine.
  const elu = perf.eventLoopUtilization(eluBefore);
  const seconds = (performance.now() - started) / 1000;
  histogram.disable();
  clearInterval(timer);
  const ms = (ns: number): number => ns / 1e6;
  return {
    seconds,
    perSecond: COUNT / seconds,
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    timerMax,
    busyPerImage: elu.active / COUNT,
  };
}

function print(label: string, f: Figures): void {
  console.log(
    `${label}: ${f.seconds.toFixed(1)} s, ${f.perSecond.toFixed(2)} images/s; main loop delay p50 ${f.p50.toFixed(1)} ms, ` +
      `p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms (5 ms timer late by ≤ ${f.timerMax.toFixed(1)} ms); ` +
      `main thread busy ${f.busyPerImage.toFixed(1)} ms per image`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wan-bench-thumbs-'));
  try {
    const library = openLibrary(join(dir, 'home'));
    console.log(`seeding ${COUNT} images of ${EDGE}x${EDGE} (${DISTINCT} distinct files)…`);
    await seed(library);
    const images = library.repo.imageFilesWithDates();
    console.log(
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${cpus().length} cores)`,
    );

    // The floor: how late the loop runs with nothing to do, on a machine others share.
    const idle = await measure(() => new Promise((resolve) => setTimeout(resolve, 2000)));
    print('idle (the noise floor, 2 s)', { ...idle, perSecond: 0 });
    const inline = await measure(async () => {
      for (const image of images) {
        const thumb = await library.store.makeThumbnail(image.path, image.id, new Date(image.createdAt));
        library.repo.setThumbnail(image.id, thumb);
      }
    });
    print('inline sharp on the main thread', inline);

    library.db.exec('UPDATE images SET thumb_path = NULL');
    let failed = 0;
    const worker = await measure(async () => {
      failed = (await backfillThumbnails(library)).failed;
    });
    print(`worker pool (${library.thumbnails.threads} thread)`, worker);
    if (failed > 0) console.log(`(${failed} thumbnails failed)`);
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `max main-loop delay, worker vs inline: ${worker.max.toFixed(1)} ms vs ${inline.max.toFixed(1)} ms ` +
        `(idle floor ${idle.max.toFixed(1)} ms on this machine)`,
    );
    console.log(`throughput, worker / inline: ${(worker.perSecond / inline.perSecond).toFixed(2)}x`);
    const share = worker.busyPerImage / inline.busyPerImage;
    console.log(
      `main-thread busy time per image, worker vs inline: ${worker.busyPerImage.toFixed(1)} ms vs ` +
        `${inline.busyPerImage.toFixed(1)} ms = ${(share * 100).toFixed(0)}% ` +
        `(goal ≤ ${BUSY_SHARE_GOAL * 100}%: ${share <= BUSY_SHARE_GOAL ? 'target met' : 'target MISSED'})`,
    );
    library.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
