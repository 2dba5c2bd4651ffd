import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SimStatsReport } from '../../src/main/services/simulator/sim-stats';

// The real processes the soak drives: the simulator (a separate server process) and the CLI.

const ROOT = path.join(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'wan-studio.js');
const SIM = path.join(ROOT, 'src', 'main', 'services', 'simulator', 'cli.ts');

export type ProcessResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
export type Running = { child: ChildProcess; result: Promise<ProcessResult>; startedAt: number };

/** Every process the soak started and that still runs, so a stopped soak leaves none behind. */
const live = new Set<ChildProcess>();

export function killLiveProcesses(): void {
  for (const child of live) child.kill('SIGKILL');
}

function run(args: readonly string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'en_US.UTF-8', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<ProcessResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, result, startedAt: Date.now() };
}

export type Sim = { baseUrl: string; origin: string; key: string; stop: () => Promise<void> };

/** Starts `npm run sim`'s server as its own process on a free loopback port. */
export async function startSimProcess(options: { taskMs: number; urlTtlMs: number }): Promise<Sim> {
  const key = `soak-${randomBytes(9).toString('hex')}`;
  const sim = run([
    '--import',
    'tsx',
    SIM,
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--key',
    key,
    '--task-ms',
    String(options.taskMs),
    '--url-ttl',
    String(options.urlTtlMs),
    '--quiet',
  ]);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const match = /base URL:\s*(\S+)/.exec(seen);
      if (match) {
        sim.child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    sim.child.stdout!.on('data', onData);
    void sim.result.then((r) => reject(new Error(`the simulator exited (${r.code}): ${r.stderr.trim()}`)));
  });
  return {
    baseUrl,
    origin: new URL(baseUrl).origin,
    key,
    stop: async () => {
      if (sim.child.exitCode === null && sim.child.signalCode === null) sim.child.kill('SIGTERM');
      await sim.result;
    },
  };
}

export async function readSimStats(sim: Sim): Promise<SimStatsReport> {
  const res = await fetch(`${sim.origin}/__sim/stats`, { headers: { authorization: `Bearer ${sim.key}` } });
  if (!res.ok) throw new Error(`GET /__sim/stats answered ${res.status}`);
  return (await res.json()) as SimStatsReport;
}

export type CliTarget = { home: string; sim: Sim };

/** The real CLI in its own process, on one library and the simulator. */
export function startCli(args: readonly string[], target: CliTarget): Running {
  return run([CLI, ...args, '--home', target.home, '--base-url', target.sim.baseUrl, '--api-key', target.sim.key]);
}

export const isAlive = (running: Running): boolean =>
  running.child.exitCode === null && running.child.signalCode === null;

export type KillOutcome = { isKilled: boolean; result: ProcessResult; atMs: number };

/**
 * Waits for `trigger` (it is told when the process ends on its own), then SIGKILLs the CLI.
 * A process that ended first was not killed: the caller counts it as a missed aim.
 */
export async function killWhen(
  running: Running,
  trigger: (isEnded: () => boolean) => Promise<void>,
): Promise<KillOutcome> {
  let isEnded = false;
  void running.result.then(() => (isEnded = true));
  await Promise.race([trigger(() => isEnded), running.result]);
  const atMs = Date.now() - running.startedAt;
  if (isAlive(running)) running.child.kill('SIGKILL');
  const result = await running.result;
  return { isKilled: result.signal === 'SIGKILL', result, atMs };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks `condition` every few milliseconds until it holds or the process has ended. */
export async function until(condition: () => boolean, isEnded: () => boolean, everyMs = 5): Promise<boolean> {
  while (!isEnded()) {
    if (condition()) return true;
    await sleep(everyMs);
  }
  return false;
}
