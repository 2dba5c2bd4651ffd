import type { GenerationRecord } from '../library-types';

// The parameter table of a comparison (issue 12): one row per parameter, one value per image,
// and whether the values differ — the renderer marks those rows with a word and a sign, not only
// a colour.

export const PARAM_KEYS = [
  'prompt',
  'model',
  'size',
  'seed',
  'n',
  'thinking',
  'set',
  'palette',
  'references',
  'revisedPrompt',
  'pixels',
] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];

export type ParamValue = string | boolean | number | null;

export type ParamRow = { key: ParamKey; values: ParamValue[]; isDifferent: boolean };

/** What the table needs of one compared image: its generation, references and pixel size. */
export type CompareSource = {
  generation: Pick<GenerationRecord, 'prompt' | 'model' | 'size' | 'seed' | 'n' | 'parameters' | 'revisedPrompts'>;
  /** The sha256 of each reference image, in order. */
  references: readonly string[];
  width: number;
  height: number;
  /** Which image of the generation (a set's revised prompts are per image). */
  index: number;
};

function paletteText(parameters: CompareSource['generation']['parameters']): string | null {
  if (parameters.palette?.length) return parameters.palette.map((e) => `${e.hex} ${e.ratio}%`).join(', ');
  return parameters.colorPalette?.trim() || null;
}

function valueOf(key: ParamKey, source: CompareSource): ParamValue {
  const g = source.generation;
  switch (key) {
    case 'prompt':
      return g.prompt;
    case 'model':
      return g.model;
    case 'size':
      return g.size;
    case 'seed':
      return g.seed;
    case 'n':
      return g.n;
    case 'thinking':
      return g.parameters.thinkingMode;
    case 'set':
      return g.parameters.isSequential;
    case 'palette':
      return paletteText(g.parameters);
    case 'references':
      // Short hashes say which pictures, in order; two identical lists are the same references.
      return source.references.length > 0 ? source.references.map((sha) => sha.slice(0, 8)).join(', ') : null;
    case 'revisedPrompt':
      return g.revisedPrompts[source.index] ?? g.revisedPrompts[0] ?? null;
    case 'pixels':
      return `${source.width}×${source.height}`;
  }
}

/** Every parameter row for the compared images, in table order; `isDifferent` when any value differs. */
export function diffParameters(sources: readonly CompareSource[]): ParamRow[] {
  return PARAM_KEYS.map((key) => {
    const values = sources.map((s) => valueOf(key, s));
    const isDifferent = values.some((v) => v !== values[0]);
    return { key, values, isDifferent };
  });
}

/** The keys that differ, for a summary line ("Differs in: seed, size"). */
export function differingKeys(rows: readonly ParamRow[]): ParamKey[] {
  return rows.filter((r) => r.isDifferent).map((r) => r.key);
}
