import type { ParseArgsConfig } from 'node:util';
import type { CommandSpec } from './cli-command';

// Every command group, each behind its own import(): a command loads its group alone, so `list`
// never loads sharp or the job engine, and `--help` loads none (it reads the manifest).

export const COMMAND_GROUPS = {
  read: () => import('./read-commands').then((m) => m.READ_COMMANDS),
  jobs: () => import('./job-commands').then((m) => m.JOB_COMMANDS),
  export: () => import('./export-commands').then((m) => m.EXPORT_COMMANDS),
  library: () => import('./library-commands').then((m) => m.LIBRARY_COMMANDS),
  batch: () => import('./batch-commands').then((m) => m.BATCH_COMMANDS),
  template: () => import('./template-commands').then((m) => m.TEMPLATE_COMMANDS),
  preset: () => import('./preset-commands').then((m) => m.PRESET_COMMANDS),
  thumbnails: () => import('./thumbnail-command').then((m) => m.THUMBNAIL_COMMANDS),
} satisfies Record<string, () => Promise<Record<string, CommandSpec>>>;

export type CommandGroup = keyof typeof COMMAND_GROUPS;

/** Groups whose commands may call `ctx.engine()`: the job engine and the API clients load for them only. */
export const JOB_GROUPS: ReadonlySet<CommandGroup> = new Set<CommandGroup>(['jobs', 'batch']);

/** What the dispatcher needs before loading a command: its group, flags and usage lines. */
export type CommandEntry = {
  group: CommandGroup;
  options: NonNullable<ParseArgsConfig['options']>;
  usage: string[];
  /** Runs on the library folder without opening it (restore, rebuild). */
  onFolder: boolean;
};

/** In the order `--help` lists them (the core commands first, as they always were). */
export type CommandManifest = Record<string, CommandEntry>;

const HELP_FIRST = ['generate', 'list', 'show', 'rerun', 'retry', 'resume'];

/** Loads every group (slow: sharp, the job engine): the build runs this once; tsx runs it per start. */
export async function collectManifest(): Promise<CommandManifest> {
  const entries: Array<[string, CommandEntry]> = [];
  for (const [group, load] of Object.entries(COMMAND_GROUPS) as Array<
    [CommandGroup, () => Promise<Record<string, CommandSpec>>]
  >) {
    for (const [name, spec] of Object.entries(await load()))
      entries.push([
        name,
        { group, options: spec.options, usage: spec.usage, onFolder: spec.runOnFolder !== undefined },
      ]);
  }
  const rank = (name: string): number => (HELP_FIRST.includes(name) ? HELP_FIRST.indexOf(name) : HELP_FIRST.length);
  // A stable sort: module commands keep their groups' order after the core ones.
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries);
}
