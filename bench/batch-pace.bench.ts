import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchService } from '../src/main/services/batch/batch-service';
import { JobEngine } from '../src/main/services/jobs/job-engine';
import { openLibrary } from '../src/main/services/library/library';
import { GatewayClient } from '../src/main/services/providers/gateway-client';

// Issue 12's target: a batch of 500 generations against the simulator with upstream's limits
// (5 creates/s, 5 at once) takes at most 1.1× the limit's own floor (500 / 5 × task time), with
// no failure from throttling, and the main process under 10% of one core while it waits. The
// simulator runs in its own process, so its CPU is not counted. Polls are fast (every 100 ms) so
// the figure measures the batch runner, the slot ledger and the rate pacing, not the polling
// cadence. WAN_BENCH_BATCH_COUNT / WAN_BENCH_TASK_MS change the size. Figures only; never fails.

const COUNT = Number(process.env.WAN_BENCH_BATCH_COUNT ?? 500);
const TASK_MS = Number(process.env.WAN_BENCH_TASK_MS ?? 2000);
const CONCURRENCY = 5;

async function startSimulatorProcess(): Promise<{ baseUrl: string; stop: () => void }> {
  const script = join(import.meta.dirname, '..', 'src', 'main', 'services', 'simulator', 'cli.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--port', '0', '--quiet', '--task-ms', String(TASK_MS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /base URL: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  return { baseUrl, stop: () => void child.kill('SIGTERM') };
}

export async function run(): Promise<void> {
  const sim = await startSimulatorProcess();
  const home = mkdtempSync(join(tmpdir(), 'wan-bench-pace-'));
  const library = openLibrary(home);
  try {
    const client = new GatewayClient({ baseUrl: sim.baseUrl, apiKey: 'sim-key' });
    const engine = new JobEngine({
      repo: library.repo,
      store: library.store,
      client,
      profile: { name: 'bench', baseUrl: sim.baseUrl },
      pollTiming: { firstDelayMs: 100, minIntervalMs: 100, maxIntervalMs: 100 },
      maxConcurrent: () => CONCURRENCY,
    });
    const service = new BatchService({ library });
    const batch = await service.create(
      {
        prompt: 'pace bench: 一间有着精致窗户的花店',
        seeds: COUNT,
        defaults: { model: 'wan2.7-image', size: '1024x1024' },
      },
      { name: 'bench', baseUrl: sim.baseUrl },
    );
    let throttled = 0;
    engine.on((e) => {
      if (e.name === 'generation.waiting' && e.payload.waiting.reason !== 'slot') throttled++;
    });
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const view = await service.run(batch.id, engine, CONCURRENCY * 2);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await engine.idle();
    const floorMs = Math.ceil(COUNT / CONCURRENCY) * TASK_MS;
    const ratio = wallMs / floorMs;
    const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs;
    const failed = view.counts.failed + view.counts.interrupted;
    console.log(
      `${COUNT} generations, task ${TASK_MS} ms, ${CONCURRENCY} at once: ${(wallMs / 1000).toFixed(1)} s vs floor ${(floorMs / 1000).toFixed(1)} s = ${ratio.toFixed(3)}×` +
        `   target <= 1.1×: ${ratio <= 1.1 ? 'target met' : 'target MISSED'}`,
    );
    console.log(
      `done ${view.counts.done}, failed ${failed}, throttled creates ${throttled}   target 0 failures: ${failed === 0 ? 'target met' : 'target MISSED'}`,
    );
    console.log(
      `main-process CPU ${(cpuShare * 100).toFixed(1)}% of one core over the run (downloads and commits included)` +
        `   target < 10%: ${cpuShare < 0.1 ? 'target met' : 'target MISSED'}`,
    );
  } finally {
    library.close();
    rmSync(home, { recursive: true, force: true });
    sim.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
