import { validateGenerationRequest, type GenerationRequestInput } from '../shared/generation-request';
import type { GenerationWithImages } from '../shared/library-types';
import { repairLibrary } from '../main/services/library/library-repair';
import { UsageError, toNumber, type CommandSpec, type Values } from './cli-command';
import type { CliContext } from './cli-context';
import { errorLine, summaryLine } from './cli-output';
import { watchProgress } from './cli-progress';
import { INPUT_OPTIONS, INPUT_USAGE, parseInputFlags, placeholderFields, resolveInputs } from './generate-inputs';
import { withPreset } from './preset-commands';
import { jsonOf } from './read-commands';
import { retrySentence } from './retry-words';

// `generate`, `rerun`, `retry` and `resume`: the commands that run jobs (and need the key).

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

const GENERATE_INDENT = ' '.repeat('generate <prompt> '.length);

export const JOB_COMMANDS: Record<string, CommandSpec> = {
  generate: {
    options: {
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
    usage: [
      'generate <prompt> [--model ID] [--size WxH] [--n N] [--seed N] [--sequential] [--no-thinking]',
      `${GENERATE_INDENT}[--color-palette TEXT] [--watermark] [--sync] [--response-format url|b64_json]`,
      `${GENERATE_INDENT}[--preset NAME]   a style preset's fragments and options; flags given win`,
      `${GENERATE_INDENT}${INPUT_USAGE}`,
    ],
    run: async (positionals, v, ctx) => {
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
      return finish(ctx, [generationId], v.json === true, 'one');
    },
  },
  rerun: {
    options: { 'new-seed': { type: 'boolean' } },
    usage: ['rerun <generation-id> [--new-seed]'],
    run: async (positionals, v, ctx) => {
      if (positionals.length !== 1) throw new UsageError('rerun takes one generation id.');
      const { generationId } = ctx.engine().rerun(positionals[0]!, { newSeed: v['new-seed'] === true });
      return finish(ctx, [generationId], v.json === true, 'one');
    },
  },
  retry: {
    options: {},
    usage: ['retry <generation-id>            continue a failed job; says first whether it bills a new image'],
    run: async (positionals, v, ctx) => {
      if (positionals.length !== 1) throw new UsageError('retry takes one generation id.');
      const id = positionals[0]!;
      const engine = ctx.engine();
      const plan = engine.retryPlan(id);
      // Said before anything is sent: the person knows whether this bills a new image.
      if (plan) process.stderr.write(`${retrySentence(id, plan, ctx.locale)}\n`);
      // Refused (exit 2) when there is nothing to retry, with the reason.
      const { action, costsNewImage } = engine.retry(id);
      return finish(ctx, [id], v.json === true, 'one', { retry: { action, costsNewImage } });
    },
  },
  resume: {
    options: {},
    usage: ['resume                           finish jobs a killed run left, and failed ones that can go on'],
    run: async (_positionals, v, ctx) => {
      // Thumbnails a crash left unmade, and records missing beside images, along with the jobs.
      const engine = ctx.engine();
      const repair = repairLibrary(ctx.library, ctx.serviceLogger);
      try {
        return await finish(ctx, engine.resume(), v.json === true, 'many');
      } finally {
        await repair.done;
      }
    },
  },
};
