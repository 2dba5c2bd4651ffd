import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE } from '../src/main/services/library/library';
import { writeSyntheticLibrary } from '../test/fixtures/synthetic-library';

// `tsx bench/make-library.ts --home DIR --generations N [--seed S]`: a synthetic library to open
// in the app or the CLI (rows only; the image files do not exist).
const { values } = parseArgs({
  options: {
    home: { type: 'string' },
    generations: { type: 'string', default: '100000' },
    seed: { type: 'string' },
  },
});

const generations = Number(values.generations);
if (!values.home || !Number.isInteger(generations) || generations < 1) {
  console.error('Usage: tsx bench/make-library.ts --home DIR --generations N [--seed S]');
  process.exit(2);
}
if (existsSync(join(values.home, DATABASE_FILE))) {
  // Appending would mix two date spreads and could collide on ids: refuse rather than guess.
  console.error(`${join(values.home, DATABASE_FILE)} already exists — pick an empty folder.`);
  process.exit(1);
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
const cpuBefore = process.cpuUsage();
const result = writeSyntheticLibrary(values.home, { generations, seed });
const cpu = process.cpuUsage(cpuBefore);
// CPU time beside wall time: on a shared machine the wall time says more about the neighbours.
console.log(
  `Wrote ${result.generations} generations and ${result.images} images to ${values.home} in ${(result.ms / 1000).toFixed(1)} s ` +
    `(CPU ${(cpu.user / 1e6).toFixed(1)} s user + ${(cpu.system / 1e6).toFixed(1)} s system; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
);
