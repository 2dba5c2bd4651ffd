import type { Locale } from '../i18n-messages';

// Why a batch plan is refused, as a code with its parameters, so each front end words it in its
// own language and names its own controls: the CLI says `--max-images`, the app "Max images".
// Main fills `message` for the surface and locale it serves; the renderer words the code again
// in the locale on screen (a code it does not know falls back to `message`).

export type Surface = 'cli' | 'app';
export type PlanMessageParams = Record<string, string | number>;
export type PlanText = { code: PlanMessageCode; params: PlanMessageParams };

type Words = (p: PlanMessageParams, cli: boolean) => string;

const sizesOf = (p: PlanMessageParams, one: (label: string, count: string) => string, sep: string): string =>
  String(p.sizes ?? '')
    .split('\n')
    .map((line) => {
      const [label = '', count = ''] = line.split('\t');
      return one(label, count);
    })
    .join(sep);
type Entry = { en: Words; 'zh-CN': Words };

const MESSAGES = {
  seeds_range: {
    en: (p, cli) => `${cli ? '--seeds' : 'Seeds per prompt'} is a whole number from 1 to ${p.max}.`,
    'zh-CN': (p, cli) => `${cli ? '--seeds' : '“每条提示词的种子数”'}须为 1 到 ${p.max} 的整数。`,
  },
  too_many: {
    en: (p) => `The plan would have ${p.rows} generations; at most ${p.max} per batch.`,
    'zh-CN': (p) => `这个计划会有 ${p.rows} 次生成；每批最多 ${p.max} 次。`,
  },
  no_source: {
    en: () => 'Give a file (CSV, TSV or a list of prompts), a template, or a prompt.',
    'zh-CN': () => '请提供文件（CSV、TSV 或每行一条提示词）、模板或一条提示词。',
  },
  prompt_alone: {
    en: () => 'A prompt goes alone, without a file or template.',
    'zh-CN': () => '提示词需单独使用，不能同时带文件或模板。',
  },
  lines_with_template: {
    en: () => 'With a template, the file is a CSV or TSV whose columns fill its {names}.',
    'zh-CN': () => '使用模板时，文件须为 CSV 或 TSV，由其列填充模板中的 {名称}。',
  },
  no_prompts: {
    en: (p) => `${p.name} has no prompts (one per line).`,
    'zh-CN': (p) => `${p.name} 中没有提示词（每行一条）。`,
  },
  unknown_column: {
    en: (p) => `Column "${p.column}" is not a generation field (${p.fields}); start a notes column's name with #.`,
    'zh-CN': (p) => `列“${p.column}”不是生成参数（${p.fields}）；备注列的列名请以 # 开头。`,
  },
  no_prompt_column: {
    en: (_p, cli) => `The file has no prompt column (or give a ${cli ? '--template' : 'template'}).`,
    'zh-CN': () => '文件没有 prompt 列（或改用模板）。',
  },
  unknown_name: {
    en: (p) =>
      `{${p.name}} is neither a column of the file nor a saved list${p.columns ? ` (columns: ${p.columns})` : ''}.`,
    'zh-CN': (p) => `{${p.name}} 既不是文件的列，也不是已保存的列表${p.columns ? `（列：${p.columns}）` : ''}。`,
  },
  stray_column: {
    en: (p) => `Column "${p.column}" is neither a {name} in the template nor a generation field.`,
    'zh-CN': (p) => `列“${p.column}”既不是模板中的 {名称}，也不是生成参数。`,
  },
  template_prompt_column: {
    en: () => "The template makes the prompt: use the file's prompt column as {prompt}, or drop it.",
    'zh-CN': () => '提示词由模板生成：请在模板中以 {prompt} 使用文件的 prompt 列，或删除该列。',
  },
  file_no_values: {
    en: () => 'The file has no values.',
    'zh-CN': () => '文件中没有任何值。',
  },
  axis_no_values: {
    en: (p) => `${p.label} has no values.`,
    'zh-CN': (p) => `${p.label} 没有任何值。`,
  },
  // `sizes`: one "label<TAB>count" a line.
  zip_sizes: {
    en: (p) => `Zipped, every part needs as many values: ${sizesOf(p, (l, n) => `${l} has ${n}`, ', ')}.`,
    'zh-CN': (p) => `逐一配对时，每个部分的取值个数须相同：${sizesOf(p, (l, n) => `${l} 有 ${n} 个`, '，')}。`,
  },
  template_stray_close: {
    en: (p) => `A "}" at character ${p.at} closes nothing (write "}}" for a brace).`,
    'zh-CN': (p) => `第 ${p.at} 个字符的“}”没有对应的“{”（字面的花括号请写 “}}”）。`,
  },
  template_unclosed: {
    en: (p) => `The "{" at character ${p.at} is never closed (write "{{" for a brace).`,
    'zh-CN': (p) => `第 ${p.at} 个字符的“{”没有闭合（字面的花括号请写 “{{”）。`,
  },
  template_bad_label: {
    en: (p) => `"${p.label}" is neither a choice like {red|blue} nor a name like {colour}.`,
    'zh-CN': (p) => `“${p.label}”既不是 {红|蓝} 这样的选项，也不是 {颜色} 这样的名称。`,
  },
  template_nested: {
    en: (p) => `"${p.label}" has a choice inside a choice; write the combinations out instead.`,
    'zh-CN': (p) => `“${p.label}”在选项中又嵌套了选项；请把组合逐一写出。`,
  },
  csv_empty: {
    en: () => 'the file is empty; the first row names the columns (prompt, size, seed, …).',
    'zh-CN': () => '文件是空的；第一行应为列名（prompt、size、seed……）。',
  },
  csv_unnamed_column: {
    en: (p) => `column ${p.index} has no name.`,
    'zh-CN': (p) => `第 ${p.index} 列没有列名。`,
  },
  csv_repeated_column: {
    en: (p) => `the column "${p.name}" appears twice.`,
    'zh-CN': (p) => `列“${p.name}”出现了两次。`,
  },
  csv_too_many_fields: {
    en: (p) =>
      `${p.fields} fields, but the header names ${p.columns} columns (quote a field that holds a ${p.tab ? 'tab' : 'comma'}).`,
    'zh-CN': (p) =>
      `有 ${p.fields} 个字段，但表头只有 ${p.columns} 列（含${p.tab ? '制表符' : '逗号'}的字段请加引号）。`,
  },
  csv_unclosed_quote: {
    en: () => 'a quoted field is never closed (a " is missing).',
    'zh-CN': () => '有一个带引号的字段没有闭合（缺少 "）。',
  },
  csv_text_after_quote: {
    en: () => 'text follows a closing quote; write "" for a quote inside a quoted field.',
    'zh-CN': () => '闭合引号后还有文字；引号内的引号请写成 ""。',
  },
  cell_boolean: {
    en: (p) => `"${p.text}" is not yes or no (write true/false, yes/no or 1/0).`,
    'zh-CN': (p) => `“${p.text}”不是“是”或“否”（请写 true/false、yes/no、1/0 或 是/否）。`,
  },
  cell_integer: {
    en: (p) => `"${p.text}" is not a whole number.`,
    'zh-CN': (p) => `“${p.text}”不是整数。`,
  },
  cell_palette: {
    en: () => 'Write colours as "#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49" (a theme in words goes in color_palette).',
    'zh-CN': () => '颜色请写成 "#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49"（文字描述的配色请放在 color_palette 列）。',
  },
  cell_response_format: { en: () => 'Write url or b64_json.', 'zh-CN': () => '请写 url 或 b64_json。' },
  cell_mode: { en: () => 'Write async or sync.', 'zh-CN': () => '请写 async 或 sync。' },
  cap_images: {
    en: (p, cli) =>
      `This batch can make ${p.images} images, past the cap of ${p.cap}: raise ${cli ? '--max-images' : 'Max images'} or shorten the plan. Nothing was sent.`,
    'zh-CN': (p, cli) =>
      `这批最多会生成 ${p.images} 张图，超过上限 ${p.cap} 张：请提高${cli ? ' --max-images ' : '“最多图片数”'}或缩短计划。未发送任何请求。`,
  },
  cap_cost: {
    en: (p, cli) =>
      `This batch can cost ${p.cost}, past the cap of ${p.cap}: raise ${cli ? '--max-cost' : 'Max cost'} or shorten the plan. Nothing was sent.`,
    'zh-CN': (p, cli) =>
      `这批最多可能花费 ${p.cost}，超过上限 ${p.cap}：请提高${cli ? ' --max-cost ' : '“最高费用”'}或缩短计划。未发送任何请求。`,
  },
  cap_currencies: {
    en: () =>
      'The models of this batch are priced in different currencies, so a cost cap cannot be checked: set one currency for the provider. Nothing was sent.',
    'zh-CN': () => '这批的模型以不同货币计价，无法核对费用上限：请为该服务商设定同一种货币。未发送任何请求。',
  },
} satisfies Record<string, Entry>;

export type PlanMessageCode = keyof typeof MESSAGES;

export function isPlanMessageCode(code: unknown): code is PlanMessageCode {
  return typeof code === 'string' && Object.hasOwn(MESSAGES, code);
}

/** The sentence for a code, in a locale, naming the controls of the surface that shows it. */
export function planMessage(text: PlanText, locale: Locale = 'en', surface: Surface = 'cli'): string {
  const entry: Entry = MESSAGES[text.code];
  return entry[locale === 'zh-CN' ? 'zh-CN' : 'en'](text.params, surface === 'cli');
}

/** A plan error or cap refusal as the app shows it: its code worded again, else main's message. */
export function planErrorText(
  error: { message: string; code?: string | null; params?: PlanMessageParams | null },
  locale: Locale,
): string {
  return isPlanMessageCode(error.code)
    ? planMessage({ code: error.code, params: error.params ?? {} }, locale, 'app')
    : error.message;
}

/** An error that carries its code, so whoever catches it can word it for its own surface. */
export class PlanProblem extends Error {
  constructor(readonly text: PlanText) {
    super(planMessage(text));
  }
}
