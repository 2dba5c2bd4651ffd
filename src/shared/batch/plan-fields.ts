import { parsePaletteText } from '../capabilities';
import type { GenerationRequestInput } from '../generation-request';
import type { PlanText } from './plan-messages';

// CSV columns that are generation fields: what each may be called, and how its text is read.
// Names ignore case, spaces, `_` and `-` (`color_palette`, `Color Palette`, `colorPalette`).

export type RowFields = Partial<GenerationRequestInput> & { referenceSources?: string[] };
type Reader = (text: string) => { value: unknown } | { error: PlanText };

const booleanOf: Reader = (text) => {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y', 'on', '是'].includes(t)) return { value: true };
  if (['0', 'false', 'no', 'n', 'off', '否'].includes(t)) return { value: false };
  return { error: { code: 'cell_boolean', params: { text } } };
};

const integerOf: Reader = (text) => {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return { error: { code: 'cell_integer', params: { text } } };
  return { value: Number(t) };
};

type Column = { field: keyof RowFields; read: Reader };

const COLUMNS: Record<string, Column> = {
  prompt: { field: 'prompt', read: (t) => ({ value: t }) },
  model: { field: 'model', read: (t) => ({ value: t.trim() }) },
  // Also 2048*2048 (the native API's spelling) and 2048×2048.
  size: { field: 'size', read: (t) => ({ value: t.trim().replace(/\s*[*×X]\s*/g, 'x') }) },
  n: { field: 'n', read: integerOf },
  seed: { field: 'seed', read: integerOf },
  sequential: { field: 'isSequential', read: booleanOf },
  thinking: { field: 'thinkingMode', read: booleanOf },
  watermark: { field: 'watermark', read: booleanOf },
  colorpalette: { field: 'colorPalette', read: (t) => ({ value: t.trim() }) },
  palette: {
    field: 'palette',
    read: (t) => {
      const palette = parsePaletteText(t);
      return palette ? { value: palette } : { error: { code: 'cell_palette', params: {} } };
    },
  },
  references: {
    field: 'referenceSources',
    read: (t) => ({
      value: t
        .split(/[;\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    }),
  },
  responseformat: {
    field: 'responseFormat',
    read: (t) =>
      ['url', 'b64_json'].includes(t.trim())
        ? { value: t.trim() }
        : { error: { code: 'cell_response_format', params: {} } },
  },
  mode: {
    field: 'mode',
    read: (t) =>
      ['async', 'sync'].includes(t.trim()) ? { value: t.trim() } : { error: { code: 'cell_mode', params: {} } },
  },
};

const ALIASES: Record<string, string> = {
  issequential: 'sequential',
  set: 'sequential',
  thinkingmode: 'thinking',
  colortheme: 'colorpalette',
  images: 'references',
  image: 'references',
  count: 'n',
};

/** The field columns a batch file may have, as a person would write them. */
export const FIELD_COLUMNS = [
  'prompt',
  'model',
  'size',
  'n',
  'seed',
  'sequential',
  'thinking',
  'palette',
  'color_palette',
  'watermark',
  'references',
  'response_format',
  'mode',
] as const;

const keyOf = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

/** The generation field a column sets, or undefined for any other column. */
export function columnOf(name: string): Column | undefined {
  const key = keyOf(name);
  return COLUMNS[ALIASES[key] ?? key];
}

/** Is this column a note for people (`#…`), never sent? */
export function isNoteColumn(name: string): boolean {
  return name.startsWith('#');
}

/** The request field a validation message names, back to the column the person wrote. */
export function columnForField(field: string, header: readonly string[]): string | undefined {
  const wanted = field === 'boxes' ? 'references' : field;
  return header.find((name) => {
    const column = columnOf(name);
    return column && (column.field === wanted || (wanted === 'references' && column.field === 'referenceSources'));
  });
}
