import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mergeScans, scanFolder } from './soak/file-check';
import {
  checkBackup,
  checkExports,
  checkGenerations,
  checkImports,
  integrityOf,
  scanLibrary,
} from './soak/library-check';
import { makeRandom, planSteps } from './soak/plan';
import { killLiveProcesses, readSimStats, startSimProcess } from './soak/processes';
import { buildReport, formatReport } from './soak/report';
import { foldersUnder, runStep, type SoakContext, type StepOutcome } from './soak/steps';

// `npm run soak -- [--kills N] [--seed S] [--json] [--keep]`: SIGKILLs the real CLI at chosen
// phases (create in flight, polling, mid-download, mid-commit, export, backup, import), recovers
// as a person would, then checks that nothing was lost, billed twice or left half written.
// See README "Soak".

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed) || seed < 0) {
  console.error('--kills is a whole number from 1, --seed a whole number from 0.');
  process.exit(2);
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const work = mkdtempSync(path.join(tmpdir(), 'wan-soak-'));
const started = Date.now();
// Short tasks keep the run quick; URLs live long enough for a resume minutes later.
const sim = await startSimProcess({ taskMs: 300, urlTtlMs: 120_000 });
// Stopped from outside (Ctrl-C, a test's timeout): leave no process and no temp folder behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killLiveProcesses();
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
let exitCode: number | undefined;
try {
  const ctx: SoakContext = {
    sim,
    home: path.join(work, 'library'),
    importHome: path.join(work, 'imported'),
    work,
    random: makeRandom(seed ^ 0x5eed),
    counter: 0,
    importSources: [],
    importEstimateMs: 1500,
    notes: [],
  };
  mkdirSync(path.join(work, 'exports'), { recursive: true });
  mkdirSync(path.join(work, 'backups'), { recursive: true });
  const outcomes: StepOutcome[] = [];
  let attempts = 0;
  const maxAttempts = kills * 2 + 20;
  for (const step of planSteps(seed)) {
    const killed = outcomes.filter((o) => o.isKilled).length;
    if (killed >= kills || attempts >= maxAttempts) break;
    attempts++;
    const outcome = await runStep(step, ctx);
    if (!outcome) continue;
    outcomes.push(outcome);
    log(
      `[${killed + (outcome.isKilled ? 1 : 0)}/${kills}] aimed ${outcome.aimed}, ${outcome.isKilled ? `killed at ${outcome.observed} after ${outcome.atMs} ms` : 'finished before the kill'}`,
    );
  }

  log('checking…');
  const stats = await readSimStats(sim);
  const exports = checkExports(ctx.home);
  const backups = foldersUnder(path.join(work, 'backups'))
    .filter((folder) => !folder.includes('.wan-partial-'))
    .map(checkBackup);
  const scans = [
    scanLibrary(ctx.home),
    ...(ctx.importSources.length > 0 || foldersUnder(ctx.importHome).length > 0 ? [scanLibrary(ctx.importHome)] : []),
  ];
  const backupRecords = new Map(backups.flatMap((b) => [...b.records]));
  const files = {
    ...mergeScans([
      ...scans,
      scanFolder(path.join(work, 'exports'), { records: exports.records }),
      // Stages of killed backups (`<folder>.wan-partial-*`) count as leftovers, never as real names.
      scanFolder(path.join(work, 'backups'), { records: backupRecords }),
    ]),
    orphans: scans.flatMap((s) => s.orphans),
  };
  const databases = [
    path.join(ctx.home, 'library.sqlite'),
    ...(scans.length > 1 ? [path.join(ctx.importHome, 'library.sqlite')] : []),
    ...backups.map((b) => path.join(b.folder, 'library.sqlite')),
  ];
  const report = buildReport({
    seed,
    durationMs: Date.now() - started,
    outcomes,
    attempts,
    generations: checkGenerations(ctx.home, stats),
    files,
    integrity: databases.map((file) => ({ file, result: integrityOf(file) })),
    exports,
    backups,
    importMissing: ctx.importSources.length > 0 ? checkImports(ctx.importHome, ctx.importSources).missing : [],
    importFolders: ctx.importSources.length,
    sim: stats,
    notes: ctx.notes,
  });
  process.stdout.write(`${values.json ? JSON.stringify(report) : formatReport(report)}\n`);
  exitCode = report.ok ? 0 : 1;
} finally {
  await sim.stop();
  if (values.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode ?? 1);
