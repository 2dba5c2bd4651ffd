import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, ms, quantile, runStore, verdict } from './store.bench';
import { JobEngine } from '../src/main/services/jobs/job-engine';
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
const RATIO_TARGET = 1.25;
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
  // No rate or concurrency limits on either side: this measures the pipeline, not the limiter's waits.
  const sim = await startSimulator({ taskDurationMs: 0, createsPerSecond: 0, maxConcurrentTasks: 0 });
  const library = openLibrary(home);
  try {
    await simulatorCase(sim, library);
    // Storing a 6.8 MB result as it streams (bench/store.bench.ts, which also runs alone).
    await runStore(library);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
