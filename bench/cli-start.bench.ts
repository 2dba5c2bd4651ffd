import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSyntheticLibrary } from '../test/fixtures/synthetic-library';

// Issue 13's CLI targets, as whole processes side by side in one run: `wan-studio --help` within
// 2.5x a bare `node -e 0`, and `list --limit 20 --search 花店` within 3x, on the million-generation
// library when WAN_BENCH_CLI_LIBRARY names one (made by bench/make-library.ts; it is copied first,
// since opening migrates it), else on a synthetic 100,000-generation library made here. The bundle
// is built first, so bin/wan-studio.js runs it (not tsx). Figures only; never fails.

const RUNS = 10;
const SYNTHETIC_GENERATIONS = 100_000;
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'wan-studio.js');

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeProcess(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

function library(work: string): { home: string; label: string } {
  const given = process.env.WAN_BENCH_CLI_LIBRARY;
  const home = join(work, 'library');
  if (given && existsSync(join(given, 'library.sqlite'))) {
    execFileSync('cp', ['--reflink=auto', '-r', given, home]);
    return { home, label: `a copy of ${given}` };
  }
  const made = writeSyntheticLibrary(home, { generations: SYNTHETIC_GENERATIONS });
  return {
    home,
    label: `a synthetic library of ${made.generations.toLocaleString('en')} generations (set WAN_BENCH_CLI_LIBRARY to a bench/make-library.ts folder for the million)`,
  };
}

/** Sources saved after the build make bin/wan-studio.js fall back to tsx: such a run measured the wrong thing. */
function changedSinceBuild(): string[] {
  const info = JSON.parse(readFileSync(join(root, 'out', 'cli', 'build-info.json'), 'utf8')) as {
    startedAt: number;
    inputs: string[];
  };
  return info.inputs.filter((file) => statSync(join(root, file)).mtimeMs > info.startedAt);
}

export async function run(): Promise<void> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'ignore' });
  const work = mkdtempSync(join(tmpdir(), 'wan-bench-cli-'));
  try {
    const { home, label } = library(work);
    console.log(`list runs on ${label}`);
    const cases = [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'wan-studio --help', args: [bin, '--help'], target: 2.5 },
      {
        name: 'wan-studio list --limit 20 --search 花店',
        args: [bin, 'list', '--limit', '20', '--search', '花店', '--home', home],
        target: 3,
      },
    ];
    // Warm-up: the file cache, and the first open's migrations on a copied library.
    for (const c of cases) timeProcess(c.args);
    const samples = cases.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => samples[k]!.push(timeProcess(c.args)));
    const changed = changedSinceBuild();
    if (changed.length > 0)
      console.log(`NOT MEASURED: ${changed.join(', ')} changed during the run, so tsx ran instead of the bundle`);
    const bare = median(samples[0]!);
    console.log(
      `${RUNS} runs each, alternating; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    cases.forEach((c, k) => {
      const ms = median(samples[k]!);
      const ratio = ms / bare;
      const verdict =
        c.target === undefined ? '' : `  ${ratio <= c.target ? 'target met' : 'target MISSED'} (≤ ${c.target}x)`;
      console.log(
        `  ${c.name.padEnd(42)} median ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x bare node${verdict}`,
      );
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
