import { SEED_MAX } from '../models';
import { validateGenerationRequest, type GenerationRequest } from '../generation-request';
import type { Locale } from '../i18n-messages';
import { CsvError } from './csv';
import type { RowFields } from './plan-fields';
import { draftsOf, PlanRefusal, TooManyRows, type Draft } from './plan-sources';
import { TemplateError } from './template';
import {
  planMessage,
  type PlanMessageCode,
  type PlanMessageParams,
  type PlanText,
  type Surface,
} from './plan-messages';

// A batch plan: the sources (one prompt × N seeds, a list of prompts, a CSV/TSV whose columns are
// generation fields, a template of choices and names) expanded into validated requests, one per
// row. Pure: the caller reads files and saved lists; nothing here touches the disk or the network.

export type PlanFile = { name: string; text: string; kind: 'csv' | 'tsv' | 'lines' };

export type PlanSource = {
  file?: PlanFile;
  /** Template text; `{name}` comes from the file's columns or `lists`. */
  template?: string;
  /** One prompt (usually with `seeds`). */
  prompt?: string;
  /** Saved lists by name (one value each), for `{name}`s the file does not fill. */
  lists?: Readonly<Record<string, readonly string[]>>;
  /** Each row is made this many times, with consecutive seeds from its own (or a drawn one). */
  seeds?: number;
  /** How the template's choices, lists and file rows combine (default cross). */
  combine?: 'cross' | 'zip';
  /** Fields every row starts from (the CLI's --model, --size, --n); columns override them. */
  defaults?: RowFields;
};

export type PlanRow = {
  index: number;
  request: GenerationRequest & { seed: number };
  /** Reference images as the file named them (paths or image ids), for the caller to store. */
  referenceSources?: string[];
  /** The values of the plan's varying axes in this row (grid headers). */
  vars: Record<string, string>;
};

/**
 * `row`: the file's spreadsheet row (its header is row 1; a list of prompts counts lines), or
 * null when the error is not one row's. `column`: the file's column as written, or `template`.
 */
export type PlanError = {
  row: number | null;
  column: string | null;
  /** In the locale and words of the surface that asked (see plan-messages.ts). */
  message: string;
  /** Set when the front end can word it again itself; absent for a request field's own message. */
  code?: PlanMessageCode;
  params?: PlanMessageParams;
};
export type Plan = { rows: PlanRow[]; axes: string[]; errors: PlanError[]; errorCount: number };

/** Above this a plan is refused before it is expanded (a typo in a cross product grows fast). */
export const MAX_PLAN_ROWS = 50_000;
export const MAX_SEEDS = 1000;
const MAX_ERRORS = 50;
const PLACEHOLDER_SHA = '0'.repeat(64);

const tooMany = (rows: number): PlanText => ({ code: 'too_many', params: { rows, max: MAX_PLAN_ROWS } });

export function expandPlan(
  source: PlanSource,
  options: { random?: () => number; locale?: Locale; surface?: Surface } = {},
): Plan {
  const errors: PlanError[] = [];
  const fail = (row: number | null, column: string | null, text: PlanText): void => {
    errors.push({ row, column, message: planMessage(text, options.locale, options.surface), ...text });
  };
  // Errors in row order, at most MAX_ERRORS of them; errorCount says how many there were.
  const refused = (): Plan => {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return { rows: [], axes: [], errors: errors.slice(0, MAX_ERRORS), errorCount: errors.length };
  };
  const seeds = source.seeds ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) {
    fail(null, 'seeds', { code: 'seeds_range', params: { max: MAX_SEEDS } });
    return refused();
  }
  let drafts: Draft[];
  let axes: string[];
  try {
    ({ drafts, axes } = draftsOf(source, fail, Math.floor(MAX_PLAN_ROWS / seeds)));
  } catch (err) {
    if (err instanceof TooManyRows) fail(null, null, tooMany(err.drafts * seeds));
    else if (err instanceof CsvError) fail(err.row, null, err.text);
    else if (err instanceof TemplateError) fail(null, 'template', err.text);
    else if (err instanceof PlanRefusal) fail(null, null, err.text);
    else throw err;
    return refused();
  }
  if (drafts.length * seeds > MAX_PLAN_ROWS) {
    fail(null, null, tooMany(drafts.length * seeds));
    return refused();
  }
  const random = options.random ?? Math.random;
  const rows: PlanRow[] = [];
  for (const draft of drafts) {
    const { referenceSources, ...fields } = { ...source.defaults, ...draft.fields };
    const input = {
      ...fields,
      ...(referenceSources?.length
        ? { references: referenceSources.map(() => ({ sha256: PLACEHOLDER_SHA, boxes: [] })) }
        : {}),
    };
    const checked = validateGenerationRequest(input, options.locale);
    if (!checked.ok) {
      for (const [field, message] of Object.entries(checked.fieldErrors))
        errors.push({ row: draft.row, column: draft.columnFor(field) ?? field, message: message ?? 'is not valid.' });
      continue;
    }
    // Drawn now, so the dry run shows them and a resumed batch sends exactly what was planned.
    const first = checked.value.seed ?? Math.floor(random() * (SEED_MAX - seeds));
    for (let k = 0; k < seeds; k++) {
      const seed = (first + k) % (SEED_MAX + 1);
      rows.push({
        index: rows.length,
        request: { ...checked.value, seed },
        ...(referenceSources?.length ? { referenceSources } : {}),
        vars: seeds > 1 ? { ...draft.vars, seed: String(seed) } : draft.vars,
      });
    }
  }
  if (errors.length > 0) return refused();
  return { rows, axes: seeds > 1 ? [...axes, 'seed'] : axes, errors: [], errorCount: 0 };
}
