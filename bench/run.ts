import { run as runBatch } from './batch.bench';
import { run as runBatchPace } from './batch-pace.bench';
import { run as runCliStart } from './cli-start.bench';
import { run as runExport } from './export.bench';
import { run as runReferences } from './references.bench';
import { run as runLibrary } from './library.bench';
import { run as runPipeline } from './pipeline.bench';
import { run as runRender } from './render.bench';
import { run as runRenderer } from './renderer.bench';
import { run as runUsage } from './usage.bench';
import { run as runThumbnails } from './thumbnails.bench';
import { parseArgs } from 'node:util';

// `npm run bench`: every benchmark in turn. It prints figures and whether each target was met;
// it never fails on a missed target (the exit code only reports a crash).

const BENCHES: ReadonlyArray<{ title: string; run: () => Promise<void> }> = [
  { title: 'Library: search, filters, pages, counts and opening on 100,000 generations', run: () => runLibrary() },
  { title: 'Pipeline: one 2048x2048 result, raw transfer vs the app pipeline', run: runPipeline },
  { title: 'Simulator: PNG render time', run: runRender },
  { title: 'Renderer: bundle, first thumbnails, DOM nodes', run: runRenderer },
  { title: 'Export: 1,000 2048x2048 PNGs with metadata vs cp', run: runExport },
  { title: 'References: preparing 9 reference images of 4 MB vs sharp alone', run: runReferences },
  { title: 'Batches: a 10,000-row CSV expanded into a plan with its estimate', run: runBatch },
  { title: 'Batches: 500 generations under 5 creates/s and 5 at once vs the floor', run: runBatchPace },
  { title: 'Usage: the ledger per day, week, month and model on 100,000 generations', run: runUsage },
  { title: 'CLI: start-up of --help and list vs bare node', run: runCliStart },
  { title: 'Thumbnails: 4096x4096 results, inline sharp vs the worker pool', run: runThumbnails },
];

// `--scale N` (a fresh synthetic library of N generations) or `--home DIR` (one made by
// bench/make-library.ts, migrated if older): the library benchmark alone, at that size.
const { values } = parseArgs({ options: { scale: { type: 'string' }, home: { type: 'string' } } });
const scale = values.scale === undefined ? undefined : Number(values.scale);
if (scale !== undefined && !(Number.isInteger(scale) && scale > 0)) {
  console.error('Usage: npm run bench [-- --scale N | --home DIR]');
  process.exit(2);
}
const isLibraryOnly = scale !== undefined || values.home !== undefined;
const benches = isLibraryOnly
  ? [
      {
        title: `Library at scale: ${values.home ?? `${scale!.toLocaleString('en')} generations`}`,
        run: () => runLibrary({ generations: scale, home: values.home }),
      },
    ]
  : BENCHES;

const started = performance.now();
console.log(`Wan Studio benchmarks — Node ${process.version}, ${process.platform}/${process.arch}`);
for (const bench of benches) {
  console.log(`\n=== ${bench.title} ===`);
  const benchStarted = performance.now();
  await bench.run();
  console.log(`(${((performance.now() - benchStarted) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll benchmarks done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
