import { parseCsv, type CsvTable } from './csv';
import { PlanProblem, type PlanText } from './plan-messages';
import { columnForField, columnOf, FIELD_COLUMNS, isNoteColumn, type RowFields } from './plan-fields';
import type { PlanSource } from './plan';
import { optionText, parseTemplate, renderTemplate, templateNames, type TemplatePart } from './template';

// The rows of a plan before validation and seeds: from one prompt, a list of prompts, a table,
// or a template whose choices, saved lists and table rows are crossed or zipped.

export type Draft = {
  fields: RowFields;
  vars: Record<string, string>;
  /** The file's spreadsheet row, or the plan row (from 1) when there is no file. */
  row: number | null;
  /** The column (as the person wrote it) that set a request field, for error messages. */
  columnFor: (field: string) => string | undefined;
};

export type Fail = (row: number | null, column: string | null, text: PlanText) => void;

/** A refusal of the whole plan (not of one row): nothing is expanded. */
export class PlanRefusal extends PlanProblem {}

/** A cross product past the batch's limit, refused before a single prompt is made. */
export class TooManyRows extends PlanRefusal {
  constructor(readonly drafts: number) {
    super({ code: 'too_many', params: { rows: drafts, max: '' } });
  }
}

const refusal = (code: PlanText['code'], params: PlanText['params'] = {}): PlanRefusal =>
  new PlanRefusal({ code, params });

/** `maxDrafts`: a cross product past it is refused before a single prompt is made. */
export function draftsOf(source: PlanSource, fail: Fail, maxDrafts: number): { drafts: Draft[]; axes: string[] } {
  const given = [source.file, source.template, source.prompt].filter((s) => s !== undefined).length;
  if (given === 0) throw refusal('no_source');
  if (source.prompt !== undefined) {
    if (given > 1) throw refusal('prompt_alone');
    return {
      drafts: [{ fields: { prompt: source.prompt }, vars: {}, row: null, columnFor: () => 'prompt' }],
      axes: [],
    };
  }
  const file = source.file;
  if (file?.kind === 'lines') {
    if (source.template !== undefined) throw refusal('lines_with_template');
    return fromLines(file.name, file.text);
  }
  const table = file ? parseCsv(file.text, file.kind === 'tsv' ? '\t' : ',') : undefined;
  if (source.template !== undefined)
    return fromTemplate(parseTemplate(source.template), table, source, fail, maxDrafts);
  return fromTable(table!, fail);
}

function fromLines(name: string, text: string): { drafts: Draft[]; axes: string[] } {
  const drafts: Draft[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((line, i) => {
      if (line.trim())
        drafts.push({ fields: { prompt: line.trim() }, vars: {}, row: i + 1, columnFor: () => 'prompt' });
    });
  if (drafts.length === 0) throw refusal('no_prompts', { name });
  return { drafts, axes: drafts.length > 1 ? ['prompt'] : [] };
}

/** A table alone: every row is a generation, every column a field. */
function fromTable(table: CsvTable, fail: Fail): { drafts: Draft[]; axes: string[] } {
  const unknown = table.header.filter((name) => !isNoteColumn(name) && !columnOf(name));
  if (unknown.length > 0) throw refusal('unknown_column', { column: unknown[0]!, fields: FIELD_COLUMNS.join(', ') });
  if (!table.header.some((name) => columnOf(name)?.field === 'prompt')) throw refusal('no_prompt_column');
  const axes = varyingColumns(table);
  const columnFor = (field: string): string | undefined => columnForField(field, table.header);
  const drafts = table.rows.map((cells, r): Draft => {
    const row = table.rowNumbers[r]!;
    const vars: Record<string, string> = {};
    for (const name of axes) vars[name] = cells[table.header.indexOf(name)]!;
    return { fields: fieldsOf(table.header, cells, row, fail), vars, row, columnFor };
  });
  return { drafts, axes };
}

/** Columns whose value changes from row to row: the plan's axes. */
function varyingColumns(table: CsvTable): string[] {
  return table.header.filter((name, c) => {
    if (isNoteColumn(name)) return false;
    const first = table.rows[0]?.[c];
    return table.rows.some((cells) => cells[c] !== first);
  });
}

/** The generation fields a row's cells set; an empty cell keeps the default. */
function fieldsOf(header: readonly string[], cells: readonly string[], row: number, fail: Fail): RowFields {
  const fields: Record<string, unknown> = {};
  header.forEach((name, c) => {
    const column = columnOf(name);
    const text = cells[c]!;
    // An empty cell keeps the default (an empty prompt is refused as such by validation).
    if (!column || isNoteColumn(name) || (text.trim() === '' && column.field !== 'prompt')) return;
    const read = column.read(text);
    if ('error' in read) fail(row, name, read.error);
    else fields[column.field] = read.value;
  });
  return fields as RowFields;
}

type Axis =
  | { kind: 'table'; label: string; size: number }
  | { kind: 'list'; label: string; size: number; name: string }
  | { kind: 'choice'; label: string; size: number; choice: number };

/** A template: its choices, saved lists and the file's rows, in order of first use, crossed or zipped. */
function fromTemplate(
  parts: TemplatePart[],
  table: CsvTable | undefined,
  source: PlanSource,
  fail: Fail,
  maxDrafts: number,
): { drafts: Draft[]; axes: string[] } {
  const names = templateNames(parts);
  const lists = source.lists ?? {};
  const columnIndex = new Map(table?.header.map((name, i) => [name, i]) ?? []);
  for (const name of names)
    if (!columnIndex.has(name) && !Object.hasOwn(lists, name))
      throw refusal('unknown_name', { name, columns: table ? table.header.join(', ') : '' });
  if (table) {
    const stray = table.header.find((n) => !isNoteColumn(n) && !names.includes(n) && !columnOf(n));
    if (stray) throw refusal('stray_column', { column: stray });
    if (table.header.some((n) => columnOf(n)?.field === 'prompt' && !names.includes(n)))
      throw refusal('template_prompt_column');
  }
  const axes = axesOf(parts, columnIndex, lists, table);
  for (const axis of axes)
    if (axis.size === 0)
      throw axis.kind === 'table' ? refusal('file_no_values') : refusal('axis_no_values', { label: axis.label });
  const combine = source.combine ?? 'cross';
  if (combine === 'zip' && new Set(axes.map((a) => a.size)).size > 1)
    throw refusal('zip_sizes', { sizes: axes.map((a) => `${a.label}\t${a.size}`).join('\n') });
  const total = combine === 'zip' ? (axes[0]?.size ?? 1) : axes.reduce((n, a) => n * a.size, 1);
  const drafts: Draft[] = [];
  const picks = new Array<number>(axes.length).fill(0);
  if (total > maxDrafts) throw new TooManyRows(total);
  const tableFields = table?.rows.map((cells, r) => fieldsOf(table.header, cells, table.rowNumbers[r]!, fail));
  for (let k = 0; k < total; k++) {
    let rest = k;
    for (let a = axes.length - 1; a >= 0; a--) {
      // Cross: an odometer, the last axis turning fastest. Zip: every axis at k.
      picks[a] = combine === 'zip' ? k : rest % axes[a]!.size;
      rest = Math.floor(rest / axes[a]!.size);
    }
    drafts.push(draftOf(parts, axes, picks, table, tableFields, columnIndex, lists, k));
  }
  return { drafts, axes: axes.filter((a) => a.size > 1).map((a) => a.label) };
}

function axesOf(
  parts: readonly TemplatePart[],
  columnIndex: ReadonlyMap<string, number>,
  lists: Readonly<Record<string, readonly string[]>>,
  table: CsvTable | undefined,
): Axis[] {
  const axes: Axis[] = [];
  const seen = new Set<string>();
  const useName = (name: string): void => {
    const isColumn = columnIndex.has(name);
    const key = isColumn ? '\u0000table' : name;
    if (seen.has(key)) return;
    seen.add(key);
    axes.push(
      isColumn
        ? { kind: 'table', label: 'row', size: table!.rows.length }
        : { kind: 'list', label: name, size: lists[name]!.length, name },
    );
  };
  let choice = 0;
  for (const part of parts) {
    if (part.kind === 'var') useName(part.name);
    if (part.kind !== 'choice') continue;
    axes.push({ kind: 'choice', label: part.label, size: part.options.length, choice: choice++ });
    for (const option of part.options) for (const atom of option) if (atom.kind === 'var') useName(atom.name);
  }
  return axes;
}

function draftOf(
  parts: readonly TemplatePart[],
  axes: readonly Axis[],
  picks: readonly number[],
  table: CsvTable | undefined,
  tableFields: readonly RowFields[] | undefined,
  columnIndex: ReadonlyMap<string, number>,
  lists: Readonly<Record<string, readonly string[]>>,
  k: number,
): Draft {
  const tableAxis = axes.findIndex((a) => a.kind === 'table');
  const r = tableAxis >= 0 ? picks[tableAxis]! : -1;
  const listPick = new Map<string, number>();
  const choicePick: number[] = [];
  axes.forEach((axis, a) => {
    if (axis.kind === 'list') listPick.set(axis.name, picks[a]!);
    if (axis.kind === 'choice') choicePick[axis.choice] = picks[a]!;
  });
  const value = (name: string): string => {
    const c = columnIndex.get(name);
    return c !== undefined ? table!.rows[r]![c]! : lists[name]![listPick.get(name)!]!;
  };
  const vars: Record<string, string> = {};
  axes.forEach((axis) => {
    if (axis.size <= 1) return;
    if (axis.kind === 'list') vars[axis.label] = value(axis.name);
    else if (axis.kind === 'table') for (const [name] of columnIndex) vars[name] = value(name);
  });
  let choice = 0;
  for (const part of parts)
    if (part.kind === 'choice') {
      const pick = choicePick[choice++]!;
      if (part.options.length > 1) vars[part.label] = optionText(part.options[pick]!, value);
    }
  const prompt = renderTemplate(parts, (i) => choicePick[i]!, value);
  const row = table ? table.rowNumbers[r]! : k + 1;
  const columnFor = (field: string): string | undefined =>
    field === 'prompt' ? 'template' : table ? columnForField(field, table.header) : undefined;
  return { fields: { ...(tableFields?.[r] ?? {}), prompt }, vars, row, columnFor };
}
