import type { BatchPlanInput } from '../../../../shared/batch/batch-types';

// What the batch form holds, and the plan input it sends to `batch.preview` / `batch.start`.
// Pure: files are read to text before they get here.

export const SOURCE_KINDS = ['prompt', 'lines', 'file', 'template'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type BatchFile = { name: string; text: string; kind: 'csv' | 'tsv' };

export type SourceForm = {
  kind: SourceKind;
  seeds: number;
  lines: string;
  file: BatchFile | null;
  templateText: string;
  /** A saved template's name; '' when the text field is used. */
  savedTemplate: string;
  combine: 'cross' | 'zip';
  maxImages: string;
  maxCost: string;
  name: string;
};

export const EMPTY_SOURCE: SourceForm = {
  kind: 'prompt',
  seeds: 4,
  lines: '',
  file: null,
  templateText: '',
  savedTemplate: '',
  combine: 'cross',
  maxImages: '',
  maxCost: '',
  name: '',
};

/** The studio's prompt and the request fields every row starts from. */
export type StudioBasis = { prompt: string; defaults: NonNullable<BatchPlanInput['defaults']> };

/** A TSV by its name, or by a header line with a tab and no comma. */
export function fileKindOf(name: string, text: string): 'csv' | 'tsv' {
  if (/\.(tsv|tab)$/i.test(name)) return 'tsv';
  if (/\.csv$/i.test(name)) return 'csv';
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return header.includes('\t') && !header.includes(',') ? 'tsv' : 'csv';
}

/** A cap field: blank is no cap; anything that is not a positive number is no cap either (the field shows why). */
export function capOf(text: string, isWhole: boolean): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || n <= 0) return null;
  return isWhole ? Math.floor(n) : n;
}

export function isCapValid(text: string): boolean {
  const t = text.trim();
  return t === '' || (Number.isFinite(Number(t)) && Number(t) > 0);
}

/** The plan input, or null while the chosen source has nothing in it yet. */
export function planInputOf(form: SourceForm, studio: StudioBasis): BatchPlanInput | null {
  const common: BatchPlanInput = {
    defaults: studio.defaults,
    seeds: Math.max(1, Math.min(1000, Math.floor(form.seeds) || 1)),
    maxImages: capOf(form.maxImages, true),
    maxCost: capOf(form.maxCost, false),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
  };
  switch (form.kind) {
    case 'prompt':
      return studio.prompt.trim() ? { ...common, prompt: studio.prompt } : null;
    case 'lines':
      return form.lines.trim() ? { ...common, file: { name: 'prompts.txt', text: form.lines, kind: 'lines' } } : null;
    case 'file':
      return form.file ? { ...common, file: form.file } : null;
    case 'template': {
      const template = form.savedTemplate || form.templateText;
      if (!template.trim()) return null;
      return { ...common, template, combine: form.combine, ...(form.file ? { file: form.file } : {}) };
    }
  }
}
