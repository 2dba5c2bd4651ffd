import { existsSync, mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import {
  CREATE_LATENCY_MS,
  DOWNLOAD_LATENCY_MS,
  TASK_DURATION_MS,
  promptFor,
  type GenerationStep,
  type LibraryStep,
  type Random,
  type Step,
} from './plan';
import { filesUnder, imageFolderOf, imagesUnder, isAtLeast, landedFiles, LibraryView } from './library-view';
import { killWhen, sleep, startCli, until, type ProcessResult, type Sim } from './processes';

// One step of the soak: start a real CLI, SIGKILL it at the phase it aims at, see where it
// really stood, then run the recovery a person would (resume, export --resume, backup, import).

export type SoakContext = {
  sim: Sim;
  home: string;
  importHome: string;
  work: string;
  random: Random;
  counter: number;
  lastExport?: string;
  importSources: string[];
  importEstimateMs: number;
  /** What recovery did not do as it should: the command, the phase, what happened. */
  notes: string[];
};

export type StepOutcome = {
  aimed: Step['phase'];
  /** Where the process stood when it died ('after' = its work was already done), or 'missed'. */
  observed: string;
  isKilled: boolean;
  atMs: number;
  command: string;
};

/** The command line as a person would type it (the key and the simulator's address left out). */
const shown = (args: readonly string[]): string =>
  `wan-studio ${args.map((a) => (/^[\w./=:-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`;

type Recovery = ProcessResult & { ms: number };

async function recover(args: string[], home: string, ctx: SoakContext, why: string): Promise<Recovery> {
  const started = Date.now();
  const result = await startCli(args, { home, sim: ctx.sim }).result;
  if (result.code !== 0)
    ctx.notes.push(
      `${why}: recovery "${shown(args)}" exited ${result.code}: ${result.stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
  return { ...result, ms: Date.now() - started };
}

function filesLanded(folder: string, id: string, wanted: number, isEnded: () => boolean): Promise<void> {
  mkdirSync(folder, { recursive: true });
  return new Promise((resolve) => {
    const finish = (): void => {
      watcher.close();
      clearInterval(timer);
      resolve();
    };
    const check = (): void => {
      if (isEnded() || landedFiles(folder, id) >= wanted) finish();
    };
    // inotify: the kill follows the rename into place within a millisecond or so.
    const watcher = watch(folder, check);
    const timer = setInterval(check, 20);
    check();
  });
}

async function generationTrigger(step: GenerationStep, ctx: SoakContext, view: LibraryView, isEnded: () => boolean) {
  const at = (status: string): Promise<boolean> =>
    until(() => isAtLeast(view.generation(step.tag)?.status, status), isEnded);
  switch (step.phase) {
    case 'create':
      await at('submitting');
      return sleep(step.fraction * CREATE_LATENCY_MS * 0.8);
    case 'polling':
      await at('polling');
      return sleep(step.fraction * (TASK_DURATION_MS + 1000));
    case 'download':
      await at('downloading');
      return sleep(step.fraction * DOWNLOAD_LATENCY_MS * 0.9);
    case 'commit': {
      await until(() => view.generation(step.tag) !== undefined, isEnded);
      const row = view.generation(step.tag);
      if (row) await filesLanded(imageFolderOf(ctx.home, row.createdAt), row.id, step.filesLanded, isEnded);
    }
  }
}

function observeGeneration(step: GenerationStep, ctx: SoakContext, view: LibraryView): string {
  const row = view.generation(step.tag);
  if (!row || row.status === 'queued') return 'queued';
  if (row.status === 'submitting') return 'create';
  if (row.status === 'polling') return 'polling';
  if (row.status !== 'downloading') return 'after';
  const landed = landedFiles(imageFolderOf(ctx.home, row.createdAt), row.id);
  return row.results !== null && landed >= row.results ? 'commit' : 'download';
}

async function runGeneration(step: GenerationStep, ctx: SoakContext): Promise<StepOutcome> {
  const args = ['generate', promptFor(step), '--model', 'wan2.7-image', '--size', '1024x1024', '--n', String(step.n)];
  if (step.isSync) args.push('--sync');
  if (step.isSequential) args.push('--sequential');
  args.push('--response-format', step.responseFormat, '--json');
  const view = new LibraryView(ctx.home);
  try {
    const kill = await killWhen(startCli(args, { home: ctx.home, sim: ctx.sim }), (isEnded) =>
      generationTrigger(step, ctx, view, isEnded),
    );
    const outcome = { aimed: step.phase, isKilled: kill.isKilled, atMs: kill.atMs, command: shown(args) };
    if (!kill.isKilled) return { ...outcome, observed: 'missed' };
    const observed = observeGeneration(step, ctx, view);
    const resumed = await recover(['resume', '--json'], ctx.home, ctx, `${step.tag} killed at ${observed}`);
    const row = view.generation(step.tag);
    // Only a job cut off while its create was in flight may end as interrupted.
    const isExpected = row?.status === 'done' || (row?.status === 'interrupted' && observed === 'create');
    if (!isExpected && resumed.code === 0)
      ctx.notes.push(`${step.tag} killed at ${observed} (${shown(args)}): after resume it is ${row?.status ?? 'gone'}`);
    return { ...outcome, observed };
  } finally {
    view.close();
  }
}

const nextName = (ctx: SoakContext, prefix: string): string => `${prefix}-${String(++ctx.counter).padStart(3, '0')}`;
const timedDelay = (fraction: number, estimateMs: number): number =>
  // Node and the CLI take a few hundred milliseconds to start; aim past that into the work.
  400 + fraction * Math.max(200, estimateMs - 400);

async function runExport(step: LibraryStep, ctx: SoakContext, view: LibraryView): Promise<StepOutcome | undefined> {
  const finished = view.finishedGenerations();
  if (finished.length === 0) return undefined;
  const picked = new Map<string, number>();
  for (let i = 0; i < step.generations; i++) {
    const g = ctx.random.pick(finished);
    picked.set(g.id, g.images);
  }
  const expected = [...picked.values()].reduce((a, b) => a + b, 0);
  const dest = path.join(ctx.work, 'exports', nextName(ctx, 'e'));
  const args = ['export', ...picked.keys(), '--to', dest, '--layout', step.layout, '--format', step.format, '--json'];
  const wanted = Math.min(expected, 1 + Math.floor(step.fraction * expected));
  const kill = await killWhen(startCli(args, { home: ctx.home, sim: ctx.sim }), (isEnded) =>
    until(() => imagesUnder(dest) >= wanted, isEnded).then(() => undefined),
  );
  const outcome = { aimed: step.phase, isKilled: kill.isKilled, atMs: kill.atMs, command: shown(args) };
  if (!kill.isKilled) {
    ctx.lastExport = dest;
    return { ...outcome, observed: 'missed' };
  }
  const observed = view.exportStatus(dest) === 'done' ? 'after' : 'export';
  await recover(['export', '--resume', '--json'], ctx.home, ctx, `export to ${dest} killed at ${observed}`);
  if (view.exportStatus(dest) === 'done') ctx.lastExport = dest;
  else ctx.notes.push(`export to ${dest} (${shown(args)}): after export --resume it is ${view.exportStatus(dest)}`);
  return { ...outcome, observed };
}

/** Waits for the backup's staging folder, then for a share of its files to be copied into it. */
async function backupTrigger(step: LibraryStep, dest: string, expected: number, isEnded: () => boolean): Promise<void> {
  const parent = path.dirname(dest);
  const prefix = `${path.basename(dest)}.wan-partial-`;
  const stage = (): string | undefined => readdirSync(parent).find((name) => name.startsWith(prefix));
  await until(() => stage() !== undefined || existsSync(dest), isEnded);
  const wanted = Math.min(expected, 1 + Math.floor(step.fraction * expected));
  await until(() => {
    const name = stage();
    return name === undefined || filesUnder(path.join(parent, name)) >= wanted;
  }, isEnded);
}

async function runBackup(step: LibraryStep, ctx: SoakContext, view: LibraryView): Promise<StepOutcome> {
  const dest = path.join(ctx.work, 'backups', nextName(ctx, 'b'));
  const args = ['backup', dest, '--json'];
  const expected = view.backupFiles();
  const kill = await killWhen(startCli(args, { home: ctx.home, sim: ctx.sim }), (isEnded) =>
    backupTrigger(step, dest, expected, isEnded),
  );
  const outcome = { aimed: step.phase, isKilled: kill.isKilled, atMs: kill.atMs, command: shown(args) };
  if (!kill.isKilled) return { ...outcome, observed: 'missed' };
  const observed = existsSync(path.join(dest, 'wan-studio-backup.json')) ? 'after' : 'backup';
  await recover(['backup', `${dest}-again`, '--json'], ctx.home, ctx, `backup to ${dest} killed`);
  return { ...outcome, observed };
}

function manifestImageIds(folder: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
      items: Array<{ imageId: string }>;
    };
    return manifest.items.map((item) => item.imageId);
  } catch {
    return [];
  }
}

async function runImport(step: LibraryStep, ctx: SoakContext): Promise<StepOutcome | undefined> {
  const source = ctx.lastExport;
  if (!source) return undefined;
  const args = ['import', source, '--json'];
  const imported = new LibraryView(ctx.importHome);
  const fresh = imported.countMissing(manifestImageIds(source));
  imported.close();
  const images = path.join(ctx.importHome, 'images');
  const before = imagesUnder(images);
  const wanted = 1 + Math.floor(step.fraction * fresh);
  const kill = await killWhen(startCli(args, { home: ctx.importHome, sim: ctx.sim }), (isEnded) =>
    fresh > 0
      ? until(() => imagesUnder(images) - before >= wanted, isEnded).then(() => undefined)
      : // Nothing new to write: aim into the scan of the folder instead.
        sleep(timedDelay(step.fraction, ctx.importEstimateMs)),
  );
  const outcome = { aimed: step.phase, isKilled: kill.isKilled, atMs: kill.atMs, command: shown(args) };
  if (kill.isKilled) {
    const observed = kill.result.stdout.includes('"folder"') ? 'after' : 'import';
    const again = await recover(args, ctx.importHome, ctx, `import of ${source} killed`);
    if (fresh === 0) ctx.importEstimateMs = again.ms;
    if (again.code === 0) ctx.importSources.push(source);
    return { ...outcome, observed };
  }
  if (fresh === 0) ctx.importEstimateMs = kill.atMs;
  if (kill.result.code === 0) ctx.importSources.push(source);
  return { ...outcome, observed: 'missed' };
}

/** Runs one step; undefined when there was nothing to do yet (nothing to export or import). */
export async function runStep(step: Step, ctx: SoakContext): Promise<StepOutcome | undefined> {
  if (step.kind === 'generate') return runGeneration(step, ctx);
  if (step.kind === 'import') return runImport(step, ctx);
  const view = new LibraryView(ctx.home);
  try {
    return step.kind === 'backup' ? await runBackup(step, ctx, view) : await runExport(step, ctx, view);
  } finally {
    view.close();
  }
}

/** Folders the soak wrote exports and backups into, for the end checks. */
export function foldersUnder(root: string): string[] {
  try {
    return readdirSync(root).map((name) => path.join(root, name));
  } catch {
    return [];
  }
}
