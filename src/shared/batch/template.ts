import { PlanProblem } from './plan-messages';

// Prompt templates: `{a|b|c}` takes each alternative in turn, `{name}` is filled from a CSV
// column or a saved list, `{{` and `}}` are literal braces. An alternative may hold `{name}`s
// (`{a {colour} cat|a dog}`) and may be empty (`{|, highly detailed}`: with and without).

export type TemplateAtom = { kind: 'text'; text: string } | { kind: 'var'; name: string };
export type TemplatePart = TemplateAtom | { kind: 'choice'; label: string; options: TemplateAtom[][] };

/** A template that cannot be read; `text` says why as a code, for each surface to word. */
export class TemplateError extends PlanProblem {}

/** A name a person would write: letters (any script), digits, `_`, `-`, `.`, inner spaces. */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]*$/u;

/** The parts of a template; refuses unbalanced braces, empty `{}`, and choices inside choices. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  const flush = (): void => {
    if (text) parts.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '}') {
      if (template[i + 1] === '}') {
        text += '}';
        i++;
        continue;
      }
      throw new TemplateError({ code: 'template_stray_close', params: { at: i + 1 } });
    }
    if (c !== '{') {
      text += c;
      continue;
    }
    if (template[i + 1] === '{') {
      text += '{';
      i++;
      continue;
    }
    const close = findClose(template, i);
    const body = template.slice(i + 1, close);
    flush();
    parts.push(groupOf(body, template.slice(i, close + 1)));
    i = close;
  }
  flush();
  return parts;
}

function findClose(template: string, open: number): number {
  let depth = 0;
  for (let j = open; j < template.length; j++) {
    const c = template[j];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
  }
  throw new TemplateError({ code: 'template_unclosed', params: { at: open + 1 } });
}

function groupOf(body: string, label: string): TemplatePart {
  const options = splitTopLevel(body);
  if (options.length === 1) {
    const name = body.trim();
    if (!NAME.test(name)) throw new TemplateError({ code: 'template_bad_label', params: { label } });
    return { kind: 'var', name };
  }
  return { kind: 'choice', label, options: options.map((option) => atomsOf(option, label)) };
}

/** Splits on `|` outside inner braces. */
function splitTopLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(start, j));
      start = j + 1;
    }
  }
  out.push(body.slice(start));
  return out;
}

/** An alternative: text and `{name}`s only. */
function atomsOf(option: string, label: string): TemplateAtom[] {
  const atoms: TemplateAtom[] = [];
  for (const part of parseTemplate(option)) {
    if (part.kind === 'choice') throw new TemplateError({ code: 'template_nested', params: { label } });
    atoms.push(part);
  }
  return atoms;
}

/** Every `{name}` the template uses, in order of first use. */
export function templateNames(parts: readonly TemplatePart[]): string[] {
  const names = new Set<string>();
  for (const part of parts) {
    if (part.kind === 'var') names.add(part.name);
    if (part.kind === 'choice')
      for (const option of part.options) for (const a of option) if (a.kind === 'var') names.add(a.name);
  }
  return [...names];
}

/** Fills the template: `pick(i)` is the alternative taken for the i-th choice, `value` a name's value. */
export function renderTemplate(
  parts: readonly TemplatePart[],
  pick: (choiceIndex: number) => number,
  value: (name: string) => string,
): string {
  let out = '';
  let choice = 0;
  const atoms = (list: readonly TemplateAtom[]): void => {
    for (const a of list) out += a.kind === 'text' ? a.text : value(a.name);
  };
  for (const part of parts) {
    if (part.kind === 'choice') atoms(part.options[pick(choice++)]!);
    else atoms([part]);
  }
  return out;
}

/** The rendered text of one alternative, for the row's axis values (grid headers). */
export function optionText(option: readonly TemplateAtom[], value: (name: string) => string): string {
  return option.map((a) => (a.kind === 'text' ? a.text : value(a.name))).join('');
}
