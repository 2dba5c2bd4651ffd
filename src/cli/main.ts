import { parseArgs, type ParseArgsConfig } from 'node:util';
import { validateGenerationRequest, type GenerationRequestInput } from '../shared/generation-request';
import type { GenerationWithImages } from '../shared/library-types';
import { WanError, toWanError } from '../main/services/wan-error';
import { refineDiskError } from '../main/services/library/disk-errors';
import { sweepTempFiles, repairLibrary } from '../main/services/library/library-repair';
import { cliHome, cliLocale, openContext, type CliContext, type GlobalFlags } from './cli-context';
import { DASHSCOPE_REGIONS, PROVIDER_KINDS, type DashScopeRegion, type ProviderKind } from '../shared/capabilities';
import { entryJson, errorJson, errorLine, summaryLine } from './cli-output';
import { watchProgress } from './cli-progress';
import { retrySentence } from './retry-words';
import { UsageError, toNumber, toSearch, type CommandSpec, type Values } from './cli-command';
import { EXPORT_COMMANDS } from './export-commands';
import { LIBRARY_COMMANDS } from './library-commands';
import { BATCH_COMMANDS } from './batch-commands';
import { TEMPLATE_COMMANDS } from './template-commands';
import { PRESET_COMMANDS, withPreset } from './preset-commands';
import { THUMBNAIL_COMMANDS } from './thumbnail-command';
import { INPUT_OPTIONS, INPUT_USAGE, parseInputFlags, placeholderFields, resolveInputs } from './generate-inputs';
import { InputRepository } from '../main/services/inputs/input-repository';

/** Commands defined in their own modules (export/import, library care). */
const MODULE_COMMANDS: Record<string, CommandSpec> = {
  ...EXPORT_COMMANDS,
  ...LIBRARY_COMMANDS,
  ...BATCH_COMMANDS,
  ...TEMPLATE_COMMANDS,
  ...PRESET_COMMANDS,
  ...THUMBNAIL_COMMANDS,
};

const USAGE = `Usage: wan-studio <command> [options]

Commands:
  generate <prompt> [--model ID] [--size WxH] [--n N] [--seed N] [--sequential] [--no-thinking]
                    [--color-palette TEXT] [--watermark] [--sync] [--response-format url|b64_json]
                    [--preset NAME]   a style preset's fragments and options; flags given win
                    ${INPUT_USAGE}
  list [--search TEXT] [--limit N]
  show <generation-id>
  rerun <generation-id> [--new-seed]
  retry <generation-id>            continue a failed job; says first whether it bills a new image
  resume                           finish jobs a killed run left, and failed ones that can go on
${Object.values(MODULE_COMMANDS)
  .flatMap((spec) => spec.usage)
  .map((line) => `  ${line}`)
  .join('\n')}

Everywhere: --home DIR (or WAN_STUDIO_HOME), --base-url URL (or WAN_BASE_URL),
            --api-key KEY (or WAN_API_KEY), --log FILE (or WAN_LOG), --json
Provider:   --provider-kind openai|dashscope (or WAN_PROVIDER_KIND; default openai)
            --region beijing|singapore (or WAN_REGION; dashscope only, default beijing)
            --base-url is the API root of that kind: .../v1 for openai, .../api/v1 for dashscope
Jobs:       --queue-timeout MINUTES  how long a create waits for a free slot (default 30)`;

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  'base-url': { type: 'string' },
  'provider-kind': { type: 'string' },
  region: { type: 'string' },
  'api-key': { type: 'string' },
  log: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'queue-timeout': { type: 'string' },
} satisfies ParseArgsConfig['options'];

const COMMAND_OPTIONS = {
  generate: {
    model: { type: 'string' },
    size: { type: 'string' },
    n: { type: 'string' },
    seed: { type: 'string' },
    sequential: { type: 'boolean' },
    'no-thinking': { type: 'boolean' },
    'color-palette': { type: 'string' },
    watermark: { type: 'boolean' },
    sync: { type: 'boolean' },
    'response-format': { type: 'string' },
    preset: { type: 'string' },
    ...INPUT_OPTIONS,
  },
  list: { search: { type: 'string' }, limit: { type: 'string' } },
  show: {},
  rerun: { 'new-seed': { type: 'boolean' } },
  retry: {},
  resume: {},
} satisfies Record<string, ParseArgsConfig['options']>;

type Command = keyof typeof COMMAND_OPTIONS;

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

function requestFrom(prompt: string, v: Values): GenerationRequestInput {
  const input: GenerationRequestInput = {
    prompt,
    isSequential: v.sequential === true,
    thinkingMode: v['no-thinking'] !== true,
    watermark: v.watermark === true,
    mode: v.sync ? 'sync' : 'async',
  };
  if (typeof v.model === 'string') input.model = v.model;
  if (typeof v.size === 'string') input.size = v.size;
  const n = toNumber(v.n, '--n');
  if (n !== undefined) input.n = n;
  const seed = toNumber(v.seed, '--seed');
  if (seed !== undefined) input.seed = seed;
  if (typeof v['color-palette'] === 'string') input.colorPalette = v['color-palette'];
  if (v['response-format'] !== undefined) {
    if (v['response-format'] !== 'url' && v['response-format'] !== 'b64_json')
      throw new UsageError('--response-format is url or b64_json.');
    input.responseFormat = v['response-format'];
  }
  return input;
}

/** --provider-kind and --region (or their environment variables), refused with exit 2 when unknown. */
function providerFlags(
  kindFlag: string | undefined,
  regionFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Pick<GlobalFlags, 'providerKind' | 'region'> {
  const kind = kindFlag ?? (env.WAN_PROVIDER_KIND || undefined);
  const region = regionFlag ?? (env.WAN_REGION || undefined);
  if (kind !== undefined && !(PROVIDER_KINDS as readonly string[]).includes(kind))
    throw new UsageError(`--provider-kind is ${PROVIDER_KINDS.join(' or ')}, not "${kind}".`);
  if (region !== undefined && !Object.hasOwn(DASHSCOPE_REGIONS, region))
    throw new UsageError(`--region is ${Object.keys(DASHSCOPE_REGIONS).join(' or ')}, not "${region}".`);
  if (region !== undefined && kind !== 'dashscope')
    throw new UsageError('--region applies to --provider-kind dashscope only.');
  return { providerKind: kind as ProviderKind | undefined, region: region as DashScopeRegion | undefined };
}

const FLAG_NAMES: Record<string, string> = {
  colorPalette: 'color-palette',
  isSequential: 'sequential',
  responseFormat: 'response-format',
  prompt: 'prompt',
  references: 'image',
  boxes: 'bbox',
  palette: 'palette',
};
const flagName = (field: string): string => FLAG_NAMES[field] ?? field;

/** A generation's --json shape, with the reference images it was made with. */
function jsonOf(ctx: CliContext): (entry: GenerationWithImages) => Record<string, unknown> {
  const inputs = new InputRepository(ctx.library.db);
  return (entry) => entryJson(entry, ctx.library.home, inputs.inputsOf(entry.generation.id));
}

async function finish(
  ctx: CliContext,
  ids: readonly string[],
  isJson: boolean,
  shape: 'one' | 'many',
  extra: Record<string, unknown> = {},
): Promise<number> {
  const engine = ctx.engine();
  const json = jsonOf(ctx);
  const stopProgress = watchProgress(engine, ids);
  const entries: GenerationWithImages[] = [];
  for (const id of ids) entries.push(await engine.wait(id));
  await engine.idle();
  stopProgress();
  const failed = entries.filter((e) => e.generation.status !== 'done');
  for (const entry of failed)
    process.stderr.write(`${entry.generation.id}: ${errorLine(entry.generation.error, ctx.locale)}\n`);
  if (isJson) {
    const body = shape === 'one' ? { ...json(entries[0]!), ...extra } : { generations: entries.map(json) };
    process.stdout.write(`${JSON.stringify(body)}\n`);
  } else {
    for (const entry of entries) process.stdout.write(`${summaryLine(entry, ctx.library.home)}\n`);
    if (entries.length === 0) process.stdout.write('Nothing to resume.\n');
  }
  return failed.length > 0 ? 1 : 0;
}

async function runCommand(command: Command, positionals: string[], v: Values, ctx: CliContext): Promise<number> {
  const isJson = v.json === true;
  const { repo } = ctx.library;
  switch (command) {
    case 'generate': {
      if (positionals.length !== 1) throw new UsageError('generate takes one prompt (quote it).');
      const flags = parseInputFlags(v);
      const asked = withPreset(ctx, requestFrom(positionals[0]!, v), v, flags);
      const validate = (input: GenerationRequestInput): ReturnType<typeof validateGenerationRequest> & { ok: true } => {
        const checked = validateGenerationRequest(input, ctx.locale);
        if (checked.ok) return checked;
        // Refused here, before any request leaves: nothing is sent or billed.
        const [field, message] = Object.entries(checked.fieldErrors)[0]!;
        throw new UsageError(`--${flagName(field)}: ${message}`, 'invalid_request', field);
      };
      // The flags' shape first (counts, modes, shares), then the files themselves.
      validate({ ...asked, ...placeholderFields(flags) });
      const checked = validate({ ...asked, ...(await resolveInputs(ctx, flags)) });
      const { generationId } = ctx.engine().start(checked.value, { locale: ctx.locale });
      return finish(ctx, [generationId], isJson, 'one');
    }
    case 'rerun': {
      if (positionals.length !== 1) throw new UsageError('rerun takes one generation id.');
      const { generationId } = ctx.engine().rerun(positionals[0]!, { newSeed: v['new-seed'] === true });
      return finish(ctx, [generationId], isJson, 'one');
    }
    case 'retry': {
      if (positionals.length !== 1) throw new UsageError('retry takes one generation id.');
      const id = positionals[0]!;
      const engine = ctx.engine();
      const plan = engine.retryPlan(id);
      // Said before anything is sent: the person knows whether this bills a new image.
      if (plan) process.stderr.write(`${retrySentence(id, plan, ctx.locale)}\n`);
      // Refused (exit 2) when there is nothing to retry, with the reason.
      const { action, costsNewImage } = engine.retry(id);
      return finish(ctx, [id], isJson, 'one', { retry: { action, costsNewImage } });
    }
    case 'resume': {
      // Thumbnails a crash left unmade, and records missing beside images, along with the jobs.
      const engine = ctx.engine();
      const repair = repairLibrary(ctx.library, ctx.serviceLogger);
      try {
        return await finish(ctx, engine.resume(), isJson, 'many');
      } finally {
        await repair.done;
      }
    }
    case 'show': {
      if (positionals.length !== 1) throw new UsageError('show takes one generation id.');
      const entry = repo.getWithImages(positionals[0]!);
      if (!entry)
        throw new WanError('not_in_library', {
          detail: `no generation ${positionals[0]} in ${ctx.library.home}`,
          isRetryable: false,
        });
      process.stdout.write(
        isJson ? `${JSON.stringify(jsonOf(ctx)(entry))}\n` : `${summaryLine(entry, ctx.library.home)}\n`,
      );
      return 0;
    }
    case 'list': {
      const limit = toNumber(v.limit, '--limit') ?? 20;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit is a whole number from 1 to 1000.');
      const entries = repo.listWithImages({ search: toSearch(v.search, '--search'), limit });
      if (isJson) process.stdout.write(`${JSON.stringify({ generations: entries.map(jsonOf(ctx)) })}\n`);
      else for (const entry of entries) process.stdout.write(`${summaryLine(entry, ctx.library.home)}\n`);
      return 0;
    }
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const locale = cliLocale();
  const command = argv[0];
  const isJson = argv.includes('--json');
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const moduleCommand = Object.hasOwn(MODULE_COMMANDS, command) ? MODULE_COMMANDS[command] : undefined;
  if (!Object.hasOwn(COMMAND_OPTIONS, command) && !moduleCommand) {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  let ctx: CliContext | undefined;
  let homeAsked: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...(moduleCommand ? moduleCommand.options : COMMAND_OPTIONS[command as Command]) },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (moduleCommand?.runOnFolder)
      return await moduleCommand.runOnFolder(positionals, values as Values, { home: cliHome(values), locale });
    const queueTimeout = toNumber(values['queue-timeout'], '--queue-timeout');
    if (queueTimeout !== undefined && !(Number.isInteger(queueTimeout) && queueTimeout >= 1 && queueTimeout <= 1440))
      throw new UsageError('--queue-timeout is a whole number of minutes from 1 to 1440.');
    homeAsked = cliHome(values);
    ctx = openContext({
      home: values.home,
      ...providerFlags(values['provider-kind'], values.region),
      baseUrl: values['base-url'],
      apiKey: values['api-key'],
      log: values.log,
      queueTimeoutMs: queueTimeout === undefined ? undefined : queueTimeout * 60_000,
    });
    // Option names only: values may be a key, and positionals a prompt.
    ctx.logger.info('cli command started', { command, options: Object.keys(values), home: ctx.library.home });
    // Cheap (one folder listing): temp files of downloads no process will finish.
    await sweepTempFiles(ctx.library, ctx.serviceLogger);
    const code = moduleCommand
      ? await moduleCommand.run(positionals, values as Values, ctx)
      : await runCommand(command as Command, positionals, values as Values, ctx);
    ctx.logger.info('cli command finished', { command, exitCode: code });
    return code;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
      const code = err instanceof UsageError ? err.code : 'usage';
      const field = err instanceof UsageError ? err.field : null;
      process.stderr.write(`${message}\n`);
      if (isJson)
        process.stdout.write(`${JSON.stringify({ generation: null, images: [], error: { code, message, field } })}\n`);
      return 2;
    }
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

process.exitCode = await main(process.argv.slice(2));
