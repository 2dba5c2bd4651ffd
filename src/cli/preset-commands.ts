import type { Values } from './cli-command';
import { UsageError, toNumber, toText, type CommandSpec } from './cli-command';
import type { CliContext } from './cli-context';
import type { InputFlags } from './generate-inputs';
import { parsePaletteText } from '../shared/capabilities';
import type { GenerationRequestInput } from '../shared/generation-request';
import { isModelId } from '../shared/models';
import { applyPreset, presetBodySchema, type PresetBody } from '../shared/prompts/preset';
import { PresetRepository } from '../main/services/prompts/preset-repository';

// `wan-studio presets` (style presets in the library database, shared with the app) and
// `generate --preset NAME`, which applies one: flags typed on the command line win.

const say = (text: string): void => void process.stdout.write(`${text}\n`);

/** The request with the named preset applied; refused (exit 2) when no preset has that name. */
export function withPreset(
  ctx: CliContext,
  request: GenerationRequestInput,
  v: Values,
  flags: InputFlags,
): GenerationRequestInput {
  const name = toText(v.preset, '--preset');
  if (name === undefined) return request;
  const preset = new PresetRepository(ctx.library.db).byName(name);
  if (!preset) throw new UsageError(`--preset: no preset named "${name}" (see wan-studio presets).`);
  const explicit = new Set<string>();
  if (typeof v.model === 'string') explicit.add('model');
  if (typeof v.size === 'string') explicit.add('size');
  if (v.n !== undefined) explicit.add('n');
  // Thinking is on unless turned off, so only --no-thinking says anything.
  if (v['no-thinking'] === true) explicit.add('thinkingMode');
  if (v.watermark === true) explicit.add('watermark');
  if (typeof v['color-palette'] === 'string') explicit.add('colorPalette');
  if (flags.palette || flags.paletteFrom) explicit.add('palette');
  return applyPreset(request, preset, explicit);
}

function bodyFrom(v: Values): PresetBody {
  const model = toText(v.model, '--model');
  if (model !== undefined && !isModelId(model)) throw new UsageError(`--model: unknown model "${model}".`);
  const paletteText = toText(v.palette, '--palette');
  const palette = paletteText === undefined ? [] : parsePaletteText(paletteText);
  if (!palette) throw new UsageError('--palette: write colours as "#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49".');
  const checked = presetBodySchema.safeParse({
    prefix: toText(v.prefix, '--prefix') ?? '',
    suffix: toText(v.suffix, '--suffix') ?? '',
    palette,
    options: {
      ...(model !== undefined ? { model } : {}),
      ...(typeof v.size === 'string' ? { size: v.size } : {}),
      ...(v.n !== undefined ? { n: toNumber(v.n, '--n') } : {}),
      ...(v['no-thinking'] === true ? { thinkingMode: false } : v.thinking === true ? { thinkingMode: true } : {}),
      ...(v.watermark === true ? { watermark: true } : {}),
      ...(typeof v['color-palette'] === 'string' ? { colorPalette: v['color-palette'] } : {}),
    },
  });
  if (!checked.success) throw new UsageError(`presets save: ${checked.error.issues[0]?.message ?? 'invalid preset'}.`);
  return checked.data;
}

export const PRESET_COMMANDS: Record<string, CommandSpec> = {
  presets: {
    options: {
      prefix: { type: 'string' },
      suffix: { type: 'string' },
      model: { type: 'string' },
      size: { type: 'string' },
      n: { type: 'string' },
      thinking: { type: 'boolean' },
      'no-thinking': { type: 'boolean' },
      watermark: { type: 'boolean' },
      'color-palette': { type: 'string' },
      palette: { type: 'string' },
    },
    usage: [
      'presets [list] | delete NAME | save NAME [--prefix T] [--suffix T] [--model ID] [--size WxH] [--n N]',
      '        [--thinking|--no-thinking] [--watermark] [--palette "#RRGGBB:PCT,…"]   style presets (generate --preset)',
    ],
    run: async (positionals, v, ctx) => {
      const repo = new PresetRepository(ctx.library.db);
      const [action = 'list', name] = positionals;
      const isJson = v.json === true;
      if (action === 'list') {
        const all = repo.list();
        if (isJson) say(JSON.stringify({ presets: all }));
        else for (const p of all) say(`${p.name}  ${[p.prefix, '…', p.suffix].join(' ').trim()}`);
        return 0;
      }
      if (!name?.trim()) throw new UsageError(`presets ${action} takes a NAME.`);
      if (action === 'delete') {
        const isDeleted = repo.delete(name);
        if (isJson) say(JSON.stringify({ isDeleted }));
        else say(isDeleted ? `Deleted ${name}.` : `No preset named ${name}.`);
        return isDeleted ? 0 : 2;
      }
      if (action !== 'save') throw new UsageError('presets takes list, save or delete.');
      const saved = repo.save(name, bodyFrom(v), Date.now());
      if (isJson) say(JSON.stringify({ preset: saved }));
      else say(`Saved preset ${saved.name}.`);
      return 0;
    },
  },
};
