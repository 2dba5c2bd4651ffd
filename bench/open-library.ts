import { openLibrary } from '../src/main/services/library/library';

// One process's whole open: import the library code, open (and check) the database, read the
// first page of 100 generations with their images. bench/library-scale.bench.ts bundles this
// with esbuild and runs it as a child process, so the figure is a fresh start, not a warm one.
const home = process.argv[2];
if (!home) {
  console.error('Usage: node open-library.mjs <library folder>');
  process.exit(2);
}
const library = openLibrary(home);
const page = library.repo.listWithImages({ limit: 100 });
// Time since this process started (performance's origin) when the page was ready, and CPU used.
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({ readyMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000, generations: page.length }),
);
library.close();
