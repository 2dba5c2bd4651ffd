import { refineDiskError } from '../main/services/library/disk-errors';
import { sweepTempFiles } from '../main/services/library/library-repair';
import { toWanError } from '../main/services/wan-error';
import { isUsageError, reportUsageError, type Values } from './cli-command';
import { cliHome, cliLocale, openContext, type CliContext, type GlobalFlags } from './cli-context';
import { COMMAND_GROUPS, JOB_GROUPS, type CommandEntry } from './command-groups';
import { errorJson, errorLine } from './cli-output';

// A command whose arguments main.ts accepted: load its group, open the library, run it, and turn
// what fails into a line, a --json object and an exit code. main.ts imports this lazily, so
// `--help` and refused arguments never open anything.

const REFUSED_AT_OPEN: ReadonlySet<string> = new Set([
  'invalid_request',
  'invalid_input',
  'auth',
  'not_found',
  'not_in_library',
  'not_rerunnable',
  'bad_folder',
  'library_corrupt',
  'read_only',
]);

export type RunRequest = {
  command: string;
  entry: CommandEntry;
  positionals: string[];
  values: Values;
  /** Checked by main.ts: everything but home, which is read from values here. */
  flags: Omit<GlobalFlags, 'home'>;
};

export async function runCommand({ command, entry, positionals, values, flags }: RunRequest): Promise<number> {
  const locale = cliLocale();
  const isJson = values.json === true;
  let ctx: CliContext | undefined;
  let homeAsked: string | undefined;
  try {
    const spec = (await COMMAND_GROUPS[entry.group]())[command]!;
    const home = typeof values.home === 'string' ? values.home : undefined;
    if (spec.runOnFolder) return await spec.runOnFolder(positionals, values, { home: cliHome({ home }), locale });
    spec.check?.(positionals, values);
    homeAsked = cliHome({ home });
    const makeEngine = JOB_GROUPS.has(entry.group) ? (await import('./cli-engine')).makeEngine : undefined;
    ctx = await openContext({ home, ...flags }, process.env, makeEngine);
    // Option names only: values may be a key, and positionals a prompt.
    ctx.logger.info('cli command started', { command, options: Object.keys(values), home: ctx.library.home });
    // Cheap (one folder listing): temp files of downloads no process will finish.
    await sweepTempFiles(ctx.library, ctx.serviceLogger);
    const code = await spec.run(positionals, values, ctx);
    ctx.logger.info('cli command finished', { command, exitCode: code });
    return code;
  } catch (err) {
    if (isUsageError(err)) return reportUsageError(err, isJson);
    const folder = ctx?.library.home ?? homeAsked;
    const error = folder ? refineDiskError(toWanError(err), folder) : toWanError(err);
    ctx?.logger.error('cli command failed', { command, code: error.code, error: err });
    process.stderr.write(`${errorLine(error.toValue(), locale)}\n`);
    if (isJson) process.stdout.write(`${JSON.stringify(errorJson(error.toValue(), locale))}\n`);
    // A library that does not open (damaged, read-only) is refused like bad input: exit 2.
    return REFUSED_AT_OPEN.has(error.code) ? 2 : 1;
  } finally {
    ctx?.close();
  }
}
