import { pathToFileURL } from 'node:url';
import { renderPng } from '../src/main/services/simulator/png-render';

// The simulator's picture renderer: a 4096x4096 result should render "in well under a second".
// Figures only: this never fails, it says whether each target was met.

const RUNS = 10;
const CASES: ReadonlyArray<{ width: number; height: number; targetMs?: number }> = [
  // "Well under a second", read as half a second.
  { width: 4096, height: 4096, targetMs: 500 },
  { width: 2048, height: 2048 },
];

const median = (samples: readonly number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export async function run(): Promise<void> {
  for (const { width, height, targetMs } of CASES) {
    const spec = { prompt: '赛博朋克城市,霓虹灯闪烁的夜晚 (render bench)', width, height, index: 0, total: 1 };
    renderPng({ ...spec, seed: 0 }); // warm-up
    const samples: number[] = [];
    let bytes = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const started = performance.now();
      bytes = renderPng({ ...spec, seed }).length;
      samples.push(performance.now() - started);
    }
    const took = median(samples);
    const target =
      targetMs === undefined ? '' : `   target <= ${targetMs} ms: ${took <= targetMs ? 'target met' : 'target MISSED'}`;
    console.log(
      `renderPng ${`${width}x${height}`.padEnd(9)} median of ${RUNS} ${took.toFixed(1)} ms  (max ${Math.max(...samples).toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KB)${target}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
