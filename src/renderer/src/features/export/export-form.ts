import type { ExportSelection, InvokeInput } from '../../../../shared/contract';
import { checkTemplate, type TemplateCheck } from '../../../../shared/export-names';
import {
  DEFAULT_QUALITY,
  DEFAULT_TEMPLATE,
  exportOptionsSchema,
  type ExportOptions,
} from '../../../../shared/export-types';

// The export dialog's form: remembered between runs, checked as the person types, turned into
// `export.start`'s input, and previewed with the very naming code main writes files with.

export type ExportForm = ExportOptions;

export const FORM_STORAGE_KEY = 'wan-studio.export-options';

export const DEFAULT_FORM: ExportForm = {
  destination: '',
  layout: 'flat',
  template: DEFAULT_TEMPLATE,
  format: 'png',
  quality: DEFAULT_QUALITY,
  isMetadataIncluded: true,
  onConflict: 'rename',
};

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** The last options used, field by field: one unreadable field (an older version's) costs only itself. */
export function loadForm(storage: KeyValueStore | null): ExportForm {
  let saved: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(FORM_STORAGE_KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') saved = parsed as Record<string, unknown>;
  } catch {
    return DEFAULT_FORM;
  }
  const form: Record<string, unknown> = { ...DEFAULT_FORM };
  for (const [key, schema] of Object.entries(exportOptionsSchema.shape)) {
    if (!(key in saved)) continue;
    const result = schema.safeParse(saved[key]);
    if (result.success && result.data !== undefined) form[key] = result.data;
  }
  return form as ExportForm;
}

export function saveForm(storage: KeyValueStore | null, form: ExportForm): void {
  try {
    storage?.setItem(FORM_STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Private mode or a full quota: the dialog still works, it just forgets.
  }
}

/** localStorage when the page has one (not under Node in unit tests). */
export function browserStorage(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** `/…` on macOS and Linux; `C:\…`, `C:/…` or `\\server\share` on Windows. `~` is not expanded by main. */
export function isAbsolutePath(path: string): boolean {
  const p = path.trim();
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\]+\\[^\\]+/.test(p);
}

export type DestinationProblem = 'missing' | 'not_absolute';
export type FormProblems = {
  destination: DestinationProblem | null;
  template: Exclude<TemplateCheck, { ok: true }> | null;
};

export function checkForm(form: ExportForm): FormProblems {
  const destination = form.destination.trim();
  const template = checkTemplate(form.template.trim());
  return {
    destination: destination === '' ? 'missing' : isAbsolutePath(destination) ? null : 'not_absolute',
    template: template.ok ? null : template,
  };
}

export function isFormReady(form: ExportForm): boolean {
  const problems = checkForm(form);
  return problems.destination === null && problems.template === null;
}

export function toStartInput(selection: ExportSelection, form: ExportForm): InvokeInput<'export.start'> {
  return {
    selection,
    options: {
      destination: form.destination.trim(),
      layout: form.layout,
      template: form.template.trim(),
      format: form.format,
      // PNG keeps the original bytes; quality only means something when re-encoding.
      quality: form.format === 'png' ? DEFAULT_QUALITY : Math.round(Math.min(100, Math.max(1, form.quality))),
      isMetadataIncluded: form.isMetadataIncluded,
      onConflict: form.onConflict,
    },
  };
}

/** Puts `token` where the caret is (replacing a selection), and says where the caret goes next. */
export function insertToken(
  template: string,
  token: string,
  selectionStart: number,
  selectionEnd: number,
): { template: string; caret: number } {
  const start = Math.max(0, Math.min(selectionStart, template.length));
  const end = Math.max(start, Math.min(selectionEnd, template.length));
  const before = template.slice(0, start);
  // Tokens run together unreadably; a separator is added unless one is already there.
  const needsSeparator = before !== '' && !/[_\-\s./]$/.test(before);
  const inserted = `${needsSeparator ? '_' : ''}${token}`;
  return { template: before + inserted + template.slice(end), caret: start + inserted.length };
}
