import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { JobEngine } from '../src/main/services/jobs/job-engine';
import { newGenerationId } from '../src/main/services/jobs/job-records';
import { openLibrary, type Library } from '../src/main/services/library/library';
import { GatewayClient } from '../src/main/services/providers/gateway-client';
import { runTask } from '../src/main/services/providers/run-task';
import type { PollTiming } from '../src/main/services/providers/task-waiter';
import { startSimulator, type SimulatorHandle } from '../src/main/services/simulator/server';
import type { SeededGenerationRequest } from '../src/shared/generation-request';

// What the app adds on top of "create, poll, download" for one 2048x2048 result: streaming to a
// temp file, checking, hashing, fsync, rename and the database commit. Figures only.

const WARMUP = 3;
const ITERATIONS = 40;
const PACED_ITERATIONS = 10;
const PACED_MBPS = 200;
const RATIO_TARGET = 1.25;
// Storing a 6.8 MB result (issue 13): over loopback and over a paced link.
const STORE_LOOPBACK_TARGET = 1.5;
const STORE_PACED_TARGET = 1.05;
const EDGE = 2048;
// The same as test/helpers/simulator.ts (which cannot be imported outside vitest).
const FAST_POLL: Partial<PollTiming> = { firstDelayMs: 30, minIntervalMs: 30, maxIntervalMs: 60 };

const REQUEST: SeededGenerationRequest = {
  model: 'wan2.7-image',
  prompt: '江南水乡,清晨的薄雾中,水彩风格 (pipeline bench)',
  size: `${EDGE}x${EDGE}`,
  n: 1,
  seed: 20240601,
  isSequential: false,
  thinkingMode: true,
  watermark: false,
  responseFormat: 'url',
  mode: 'async',
};

const quantile = (samples: readonly number[], q: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
};
const median = (samples: readonly number[]): number => quantile(samples, 0.5);
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const verdict = (isMet: boolean): string => (isMet ? 'target met' : 'target MISSED');

/** Runs `a` and `b` alternately (A B, B A, …) so neither always goes first; warm-up runs are dropped. */
async function interleaved(
  a: () => Promise<number>,
  b: () => Promise<number>,
  iterations = ITERATIONS,
): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < WARMUP + iterations; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    const x = await first();
    const y = await second();
    if (i < WARMUP) continue;
    (i % 2 === 0 ? as : bs).push(x);
    (i % 2 === 0 ? bs : as).push(y);
  }
  return [as, bs];
}

async function medianOf(runs: number, op: () => Promise<unknown> | unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await op();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

function ratioLine(label: string, raw: number[], pipeline: number[], target = RATIO_TARGET): void {
  const r = median(raw);
  const p = median(pipeline);
  const spread = (samples: number[]): string => `p25-p75 ${ms(quantile(samples, 0.25))}-${ms(quantile(samples, 0.75))}`;
  console.log(`  ${label}`);
  console.log(`    raw       median ${ms(r)}   ${spread(raw)}`);
  console.log(`    pipeline  median ${ms(p)}   ${spread(pipeline)}   overhead +${ms(p - r)}`);
  console.log(
    `    ratio pipeline/raw ${(p / r).toFixed(2)}x   target <= ${target}x: ${verdict(p / r <= target)}   load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

export async function run(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'wan-bench-pipeline-'));
  // WAN_BENCH_PIPELINE=store runs only the store part (download -> store of a 6.8 MB result).
  const isStoreOnly = process.env.WAN_BENCH_PIPELINE === 'store';
  // No rate or concurrency limits on either side: this measures the pipeline, not the limiter's waits.
  const sim = await startSimulator({ taskDurationMs: 0, createsPerSecond: 0, maxConcurrentTasks: 0 });
  const library = openLibrary(home);
  try {
    if (!isStoreOnly) await simulatorCase(sim, library);
    await realisticCase(library);
  } finally {
    library.close();
    await sim.close();
    rmSync(home, { recursive: true, force: true });
  }
}

async function simulatorCase(sim: SimulatorHandle, library: Library): Promise<void> {
  const client = new GatewayClient({
    baseUrl: sim.baseUrl,
    apiKey: sim.key,
    limits: { createsPerSecond: 1000 },
  });
  const engine = new JobEngine({
    repo: library.repo,
    store: library.store,
    client,
    profile: { name: 'bench', baseUrl: sim.baseUrl },
    pollTiming: FAST_POLL,
  });
  const thumbnails: number[] = [];
  let imageBytes = 0;

  const raw = async (): Promise<number> => {
    const started = performance.now();
    const outcome = await runTask(client, REQUEST, { timing: FAST_POLL });
    const response = await fetch(outcome.images[0]!.url!);
    imageBytes = (await response.arrayBuffer()).byteLength;
    return performance.now() - started;
  };
  const pipeline = async (): Promise<number> => {
    const started = performance.now();
    const { generationId } = engine.start(REQUEST);
    const saved = await engine.wait(generationId);
    const took = performance.now() - started;
    if (saved.generation.status !== 'done') throw new Error(`bench generation ended ${saved.generation.status}`);
    await engine.idle();
    thumbnails.push(performance.now() - started);
    return took;
  };

  const [raws, pipelines] = await interleaved(raw, pipeline);
  console.log(
    `simulator on 127.0.0.1, ${EDGE}x${EDGE} PNG of ${(imageBytes / 1024).toFixed(0)} KB, task 0 ms, polls every 30 ms, ${ITERATIONS} runs each after ${WARMUP} warm-up`,
  );
  ratioLine('create -> poll -> download (raw: fetch into memory; pipeline: JobEngine.start -> wait)', raws, pipelines);
  console.log(`    thumbnail ready (start -> engine.idle()) median ${ms(median(thumbnails.slice(-ITERATIONS)))}`);
}

/** A 2048x2048 PNG of several MB, like a real Wan 2K result (the simulator's compress to ~100 KB). */
async function realisticPng(): Promise<Buffer> {
  const pixels = randomBytes(EDGE * EDGE * 3);
  // Four bits of noise per channel compress to about half, as photographic PNGs do.
  for (let i = 0; i < pixels.length; i++) pixels[i] = 96 + (pixels[i]! & 0x0f);
  return sharp(pixels, { raw: { width: EDGE, height: EDGE, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** Serves `png`; with `?mbps=N` it paces the body to N Mbit/s, like a real link instead of loopback. */
function servePng(png: Buffer): ReturnType<typeof createServer> {
  return createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    const mbps = Number(new URL(req.url ?? '/', 'http://bench').searchParams.get('mbps'));
    if (!mbps) return void res.end(png);
    const started = performance.now();
    const send = (sent: number): void => {
      if (sent >= png.length || res.destroyed) return void res.end();
      const next = Math.min(png.length, sent + 128 * 1024);
      res.write(png.subarray(sent, next));
      const due = started + (next * 8) / (mbps * 1000);
      setTimeout(() => send(next), Math.max(0, due - performance.now()));
    };
    send(0);
  });
}

async function realisticCase(library: Library): Promise<void> {
  const png = await realisticPng();
  const server = servePng(png);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new GatewayClient({ baseUrl: `${origin}/v1`, apiKey: 'bench' });
  const { repo, store } = library;
  const raw = (url: string) => async (): Promise<number> => {
    const started = performance.now();
    const bytes = await (await fetch(url)).arrayBuffer();
    if (bytes.byteLength !== png.length) throw new Error('short download');
    return performance.now() - started;
  };
  const pipeline = (url: string) => async (): Promise<number> => {
    // The generation row exists before its download starts, as in the engine.
    const generationId = newGenerationId(Date.now());
    repo.insertGeneration({
      id: generationId,
      createdAt: Date.now(),
      status: 'downloading',
      model: REQUEST.model,
      prompt: REQUEST.prompt,
      size: REQUEST.size,
      n: 1,
      seed: REQUEST.seed,
      parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
      mode: 'async',
      providerProfile: 'bench',
      baseUrl: origin,
      rerunOf: null,
    });
    const imageId = `${generationId}-0`;
    const createdAt = new Date();
    const started = performance.now();
    const stored = await client.downloadTo(url, (body, info) =>
      store.writeStream(imageId, body, { createdAt, expectedBytes: info.expectedBytes, isSourceOwned: true }),
    );
    const { relPath, mime, width, height, bytes, sha256 } = stored;
    repo.commitImages(
      generationId,
      [
        {
          id: imageId,
          generationId,
          index: 0,
          path: relPath,
          mime,
          width,
          height,
          bytes,
          sha256,
          createdAt: Date.now(),
        },
      ],
      { finishedAt: Date.now(), error: null },
    );
    const took = performance.now() - started;
    await store.remove(relPath);
    return took;
  };
  try {
    const loopback = `${origin}/result.png`;
    const [raws, pipelines] = await interleaved(raw(loopback), pipeline(loopback));
    console.log(
      `\nrealistic file size: ${EDGE}x${EDGE} PNG of ${(png.length / 1e6).toFixed(1)} MB from a node:http server on 127.0.0.1, ${ITERATIONS} runs each`,
    );
    ratioLine(
      'download -> store, loopback (raw: fetch -> arrayBuffer; pipeline: downloadTo -> writeStream -> commitImages)',
      raws,
      pipelines,
      STORE_LOOPBACK_TARGET,
    );
    // What the store must do with every byte, measured alone: the floor of the pipeline's overhead.
    const hashMs = await medianOf(10, () => createHash('sha256').update(png).digest('hex'));
    let n = 0;
    const writeMs = await medianOf(10, async () => {
      const path = join(library.home, `bench-${n++}.bin`);
      const fh = await open(path, 'wx');
      await fh.write(png);
      await fh.sync();
      await fh.close();
      await unlink(path);
    });
    console.log(
      `    of which per byte (overlapped with the download since issue 13): sha256 ${ms(hashMs)}, write + fsync ${ms(writeMs)}`,
    );

    const paced = `${loopback}?mbps=${PACED_MBPS}`;
    const [pacedRaws, pacedPipelines] = await interleaved(raw(paced), pipeline(paced), PACED_ITERATIONS);
    ratioLine(
      `the same over a link paced to ${PACED_MBPS} Mbit/s, ${PACED_ITERATIONS} runs each`,
      pacedRaws,
      pacedPipelines,
      STORE_PACED_TARGET,
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
