import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the bundled CLI loads per command: `--help`, `--version` and refused arguments load no
// native addon (no sharp, no SQLite: nothing is opened), no job engine and no export code; `list`
// opens SQLite but loads neither sharp nor the job engine. The bundle is built here (its own copy,
// beside out/cli) so the test holds whether or not `npm run build` ran.

const root = join(import.meta.dirname, '..', '..');
const outRel = join('out', `cli-lazy-${process.pid}`);
const bundle = join(root, outRel, 'wan-studio.mjs');
const tracer = join(root, 'test', 'fixtures', 'trace-loads.mjs');
let work: string;

type Loads = { code: number | null; stdout: string; modules: string[]; natives: string[] };

function runTraced(args: string[]): Loads {
  const trace = join(work, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const run = spawnSync(process.execPath, ['--import', tracer, bundle, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: work, LANG: 'en_US.UTF-8', WAN_TRACE_LOADS: trace },
    encoding: 'utf8',
  });
  const lines = readFileSync(trace, 'utf8').trim().split('\n');
  return {
    code: run.status,
    stdout: run.stdout,
    modules: lines.filter((l) => l.startsWith('module ')).map((l) => l.slice(7)),
    natives: lines.filter((l) => l.startsWith('native ')).map((l) => l.slice(7)),
  };
}

const HEAVY = [
  /node_modules\/sharp\//,
  /node_modules\/undici\//,
  /node_modules\/electron-log\//,
  /\/cli-engine-/,
  /\/export-commands-/,
  /\/job-commands-/,
];
const heavyIn = (modules: string[]): string[] => modules.filter((url) => HEAVY.some((re) => re.test(url)));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'wan-cli-lazy-'));
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--outdir', outRel], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build-cli failed: ${build.stderr}`);
}, 120_000);

afterAll(() => {
  rmSync(join(root, outRel), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('the bundled CLI loads only what a command needs', () => {
  it.each([
    [['--help'], 0],
    [['--version'], 0],
    [['no-such-command'], 2],
    [['list', '--limit', 'many'], 2],
    [['list', '--no-such-flag'], 2],
    [['export', '--home', '/nonexistent', '--quality'], 2],
  ])('%j opens nothing and loads no sharp, job engine or export code', (args, code) => {
    const loads = runTraced(args);
    expect(loads.code).toBe(code);
    expect(loads.natives).toEqual([]);
    expect(heavyIn(loads.modules)).toEqual([]);
    // The tracer saw the bundle itself: an empty trace would pass the checks above for nothing.
    expect(loads.modules.some((url) => url.endsWith('/wan-studio.mjs'))).toBe(true);
  });

  it('list opens SQLite and still loads no sharp and no job engine', () => {
    const loads = runTraced(['list', '--limit', '5', '--home', join(work, 'library')]);
    expect(loads.code).toBe(0);
    expect(loads.natives.some((file) => file.endsWith('better_sqlite3.node'))).toBe(true);
    expect(loads.natives.filter((file) => /sharp/.test(file))).toEqual([]);
    expect(heavyIn(loads.modules)).toEqual([]);
  });

  it('generate does load them: the tracer sees sharp and the job engine when they come', () => {
    const loads = runTraced(['generate', 'a cat', '--home', join(work, 'library')]);
    expect(loads.code).toBe(2); // no API key
    expect(heavyIn(loads.modules).some((url) => /node_modules\/sharp\//.test(url))).toBe(true);
    expect(heavyIn(loads.modules).some((url) => /\/cli-engine-/.test(url))).toBe(true);
  });
});
