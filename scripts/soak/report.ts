import type { SimStatsReport } from '../../src/main/services/simulator/sim-stats';
import type { FileScan } from './file-check';
import type { BackupCheck, ExportCheck, GenerationCheck } from './library-check';
import { PHASES, type Phase } from './plan';
import type { StepOutcome } from './steps';

// What the soak prints: one table (or, with --json, the same as one object; README "Soak").

export type SoakReport = {
  seed: number;
  durationMs: number;
  kills: {
    total: number;
    attempts: number;
    /** Steps whose process finished (or failed) before the kill came. */
    missed: number;
    byAimed: Record<Phase, number>;
    /** Where each killed process really stood: a phase, 'queued' (before its create) or 'after' (work done). */
    byObserved: Record<string, number>;
  };
  images: {
    expected: number;
    onDisk: number;
    lost: number;
    acceptedUnrecorded: { tasks: number; images: number };
  };
  duplicateCreates: number;
  halfFiles: number;
  leftovers: number;
  orphans: number;
  integrity: { ok: boolean; databases: Array<{ file: string; result: string }> };
  exports: { finished: number; unfinished: number; missingFiles: number };
  backups: { finished: number; unfinished: number; missingFiles: number };
  imports: { folders: number; missingFiles: number };
  simulator: Omit<SimStatsReport, 'tasks'>;
  /** Every finding behind a non-zero number, and what recovery did not do as it should. */
  problems: string[];
  ok: boolean;
};

export type ReportInput = {
  seed: number;
  durationMs: number;
  outcomes: StepOutcome[];
  attempts: number;
  generations: GenerationCheck;
  files: FileScan & { orphans: string[] };
  integrity: Array<{ file: string; result: string }>;
  exports: ExportCheck;
  backups: BackupCheck[];
  importMissing: string[];
  importFolders: number;
  sim: SimStatsReport;
  notes: string[];
};

export function buildReport(input: ReportInput): SoakReport {
  const killed = input.outcomes.filter((o) => o.isKilled);
  const byAimed = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const byObserved: Record<string, number> = {};
  for (const o of killed) {
    byAimed[o.aimed]++;
    byObserved[o.observed] = (byObserved[o.observed] ?? 0) + 1;
  }
  const g = input.generations;
  const lost = g.lost.reduce((sum, l) => sum + l.indexes.length, 0);
  const duplicates = g.duplicates.reduce((sum, d) => sum + d.taskIds.length - 1, 0);
  const unfinishedBackups = input.backups.filter((b) => !b.isFinished);
  const backupMissing = input.backups.flatMap((b) => b.missing);
  const integrityOk = input.integrity.every((d) => d.result === 'ok');
  const problems = [
    ...g.lost.map(
      (l) =>
        `lost: ${l.tag} task ${l.taskId} (generation ${l.generationId}, ${l.status}) images ${l.indexes.join(',')}: ${l.reason}`,
    ),
    ...g.duplicates.map(
      (d) => `duplicate creates: ${d.tag} was accepted ${d.taskIds.length} times (${d.taskIds.join(', ')})`,
    ),
    ...g.unrecorded.notInterrupted.map(
      (u) => `unrecorded task of ${u.tag} whose generation is ${u.status ?? 'missing'}, not interrupted`,
    ),
    ...g.stuck.map((s) => `stuck: ${s.tag} (${s.generationId}) still ${s.status}`),
    ...input.files.halfFiles.map((h) => `half file: ${h.path}: ${h.reason}`),
    ...input.integrity.filter((d) => d.result !== 'ok').map((d) => `integrity_check of ${d.file}: ${d.result}`),
    ...input.exports.missing.map((m) => `a finished export lacks ${m}`),
    ...input.exports.unfinished.map((u) => `export not finished after export --resume: ${u}`),
    ...unfinishedBackups.map((b) => `a folder under a backup's real name without its marker: ${b.folder}`),
    ...backupMissing.map((m) => `a finished backup lacks ${m}`),
    ...input.importMissing.map((m) => `not in the import library: ${m}`),
    ...input.notes,
  ];
  const report: Omit<SoakReport, 'ok'> = {
    seed: input.seed,
    durationMs: input.durationMs,
    kills: {
      total: killed.length,
      attempts: input.attempts,
      missed: input.outcomes.length - killed.length,
      byAimed,
      byObserved,
    },
    images: {
      expected: g.imagesExpected,
      onDisk: g.imagesOnDisk,
      lost,
      acceptedUnrecorded: { tasks: g.unrecorded.tasks, images: g.unrecorded.images },
    },
    duplicateCreates: duplicates,
    halfFiles: input.files.halfFiles.length,
    leftovers: input.files.leftovers.length,
    orphans: input.files.orphans.length,
    integrity: { ok: integrityOk, databases: input.integrity },
    exports: {
      finished: input.exports.finished,
      unfinished: input.exports.unfinished.length,
      missingFiles: input.exports.missing.length,
    },
    backups: {
      finished: input.backups.length - unfinishedBackups.length,
      unfinished: unfinishedBackups.length,
      missingFiles: backupMissing.length,
    },
    imports: { folders: input.importFolders, missingFiles: input.importMissing.length },
    simulator: {
      creates: input.sim.creates,
      accepted: input.sim.accepted,
      polls: input.sim.polls,
      downloads: input.sim.downloads,
      rejectedByLimits: input.sim.rejectedByLimits,
    },
    problems,
  };
  return { ...report, ok: isPassing(report) };
}

/** The targets: nothing lost, no duplicate create, no half file, every database sound, every finished copy whole. */
export function isPassing(r: Omit<SoakReport, 'ok'>): boolean {
  return (
    r.images.lost === 0 &&
    r.duplicateCreates === 0 &&
    r.halfFiles === 0 &&
    r.integrity.ok &&
    r.exports.missingFiles === 0 &&
    r.backups.unfinished === 0 &&
    r.backups.missingFiles === 0 &&
    r.imports.missingFiles === 0
  );
}

const PHASE_LABELS: Record<string, string> = {
  create: 'create in flight',
  polling: 'polling',
  download: 'mid-download',
  commit: 'mid-commit (files landed, row not done)',
  export: 'export',
  backup: 'backup',
  import: 'import',
  queued: 'queued (before its create was sent)',
  after: 'after its work was done',
};

export function formatReport(r: SoakReport): string {
  const row = (label: string, value: string | number, note = ''): string =>
    `  ${label.padEnd(30)} ${String(value).padStart(7)}${note ? `  ${note}` : ''}`;
  const target = (value: number): string => (value === 0 ? '(target 0)' : '(target 0)  <-- FAIL');
  const lines = [
    `Wan Studio soak — seed ${r.seed}: ${r.kills.total} SIGKILLs in ${(r.durationMs / 1000).toFixed(0)} s ` +
      `(${r.kills.attempts} attempts; ${r.kills.missed} finished before their kill)`,
    '',
    `  ${'kills by phase'.padEnd(42)} aimed   landed`,
    ...[...PHASES, 'queued', 'after'].map(
      (p) =>
        `  ${(PHASE_LABELS[p] ?? p).padEnd(42)} ${String(r.kills.byAimed[p as Phase] ?? '-').padStart(5)}  ${String(r.kills.byObserved[p] ?? 0).padStart(7)}`,
    ),
    '',
    row('images expected', r.images.expected),
    row('images on disk', r.images.onDisk),
    row('lost', r.images.lost, target(r.images.lost)),
    `  accepted but unrecorded: ${r.images.acceptedUnrecorded.tasks} tasks (${r.images.acceptedUnrecorded.images} images) — ` +
      'killed while the create was in flight; never resent, shown as interrupted',
    row('duplicate accepted creates', r.duplicateCreates, target(r.duplicateCreates)),
    row('half files under real names', r.halfFiles, target(r.halfFiles)),
    row('leftover temp files', r.leftovers, '(*.part, .wan-part, .wan-partial-*: not half files)'),
    row('orphan image files', r.orphans, '(under images/ with no row)'),
    row('PRAGMA integrity_check', r.integrity.ok ? 'ok' : 'FAILED', `(${r.integrity.databases.length} databases)`),
    row(
      'exports finished',
      r.exports.finished,
      `missing files ${r.exports.missingFiles}, unfinished ${r.exports.unfinished}`,
    ),
    row(
      'backups finished',
      r.backups.finished,
      `missing files ${r.backups.missingFiles}, half backups ${r.backups.unfinished}`,
    ),
    row('import folders', r.imports.folders, `missing in the import library ${r.imports.missingFiles}`),
    row(
      'simulator creates',
      r.simulator.creates,
      `accepted ${r.simulator.accepted}, polls ${r.simulator.polls}, downloads ${r.simulator.downloads}, refused by limits ${r.simulator.rejectedByLimits}`,
    ),
    '',
    ...(r.problems.length > 0 ? ['Findings:', ...r.problems.map((p) => `  - ${p}`), ''] : []),
    r.ok
      ? 'PASS: 0 lost, 0 duplicates, 0 half files, integrity ok'
      : 'FAIL: see the numbers marked FAIL and the findings',
  ];
  return lines.join('\n');
}
