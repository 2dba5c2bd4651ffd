import type { Locale } from './i18n-messages';
import { MODELS, MODEL_IDS, SEED_MAX, type ModelId } from './models';

// The search box's little language, shared by the gallery (chips), main (SQL) and the CLI:
// `阳光 tag:夏天 seed:42` is free text plus filters. A filter is `key:value` with a known key
// (English or Chinese), the colon half- or full-width (a Chinese IME types `：`), the value
// optionally quoted (`tag:"two words"`, `tag:“两个 词”`). Anything else is free text. A filter
// whose value cannot be read is a problem with a reason, never an exception: the gallery shows it
// as a chip in an error state and leaves it out; the CLI refuses it.

export const FILTER_KEYS = ['tag', 'seed', 'model', 'size', 'set', 'fav', 'batch'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type SearchFilter =
  | { key: 'tag'; name: string }
  | { key: 'seed'; seed: number }
  | { key: 'model'; model: ModelId }
  /** `sizes`: every `WxH` the value names (one size, a ratio's sizes or a tier's). */
  | { key: 'size'; label: string; sizes: string[] }
  | { key: 'set'; isSet: boolean }
  | { key: 'fav'; isFavorite: boolean }
  /** One batch's generations (issue 12: the gallery's batch filter). */
  | { key: 'batch'; batchId: string };

export type ProblemReason =
  'empty' | 'notSeed' | 'unknownModel' | 'ambiguousModel' | 'notSize' | 'notYesNo' | 'badTag' | 'notBatch';

/** Where a filter sits in the text, so a chip can take exactly it out again. */
type Span = { raw: string; start: number; end: number };

export type FilterToken = Span & { key: FilterKey; filter: SearchFilter };
export type ProblemToken = Span & { key: FilterKey; value: string; reason: ProblemReason };

export type ParsedSearch = {
  /** The free text (everything that is not a filter), for the prompt search. */
  text: string;
  filters: FilterToken[];
  problems: ProblemToken[];
};

const KEY_ALIASES: Readonly<Record<string, FilterKey>> = {
  tag: 'tag',
  tags: 'tag',
  标签: 'tag',
  seed: 'seed',
  种子: 'seed',
  model: 'model',
  模型: 'model',
  size: 'size',
  尺寸: 'size',
  set: 'set',
  组图: 'set',
  fav: 'fav',
  favorite: 'fav',
  favourite: 'fav',
  收藏: 'fav',
  batch: 'batch',
  批量: 'batch',
};

const YES = new Set(['', 'yes', 'y', 'true', '1', 'on', '是']);
const NO = new Set(['no', 'n', 'false', '0', 'off', '否']);
const QUOTES: Readonly<Record<string, string>> = { '"': '"', '“': '”', '「': '」' };
const ALL_SIZES = [...new Set(MODEL_IDS.flatMap((m) => MODELS[m].sizes))];

const fold = (text: string): string => text.normalize('NFKC').toLowerCase();
const isSpace = (c: string): boolean => /\s/u.test(c);

/** Splits into whitespace-separated pieces; a quote opened right after `key:` runs to its closing mark. */
function pieces(text: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !isSpace(text[i]!)) {
      const close = QUOTES[text[i]!];
      const prev = text[i - 1];
      if (close && (prev === ':' || prev === '：')) {
        const end = text.indexOf(close, i + 1);
        i = end === -1 ? text.length : end + 1;
      } else i++;
    }
    out.push({ raw: text.slice(start, i), start, end: i });
  }
  return out;
}

function unquote(value: string): string {
  const close = QUOTES[value[0] ?? ''];
  if (!close) return value;
  return value.endsWith(close) && value.length > 1 ? value.slice(1, -1) : value.slice(1);
}

export function resolveModel(value: string): ModelId | 'ambiguous' | undefined {
  const v = fold(value);
  // The id itself, or its name without the family prefix ("image-pro", "image"), comes first, so
  // `model:image` is wan2.7-image although "image" is part of both ids.
  const exact = MODEL_IDS.find((id) => id === v || id.replace(/^wan[\d.]+-/, '') === v);
  if (exact) return exact;
  const partial = MODEL_IDS.filter((id) => id.includes(v));
  return partial.length === 1 ? partial[0] : partial.length > 1 ? 'ambiguous' : undefined;
}

function sizeFilter(value: string): SearchFilter | undefined {
  const v = fold(value).replace(/[×*]/g, 'x');
  const exact = /^(\d{2,5})x(\d{2,5})$/.exec(v);
  if (exact) {
    const [w, h] = [Number(exact[1]), Number(exact[2])];
    return { key: 'size', label: `${w}×${h}`, sizes: [`${w}x${h}`] };
  }
  const tier = /^[124]k$/.test(v) ? v.toUpperCase() : undefined;
  const sizes = ALL_SIZES.filter((s) => s.ratio === v || s.tier === tier).map((s) => s.id);
  return sizes.length > 0 ? { key: 'size', label: tier ?? v, sizes: [...new Set(sizes)] } : undefined;
}

function readFilter(key: FilterKey, value: string): SearchFilter | ProblemReason {
  const v = fold(value).trim();
  switch (key) {
    case 'tag': {
      const name = value.normalize('NFC').trim().replace(/\s+/g, ' ');
      // eslint-disable-next-line no-control-regex
      if (name.length > 60 || /[\u0000-\u001f\u007f]/.test(name)) return 'badTag';
      return name === '' ? 'empty' : { key, name };
    }
    case 'seed': {
      if (v === '') return 'empty';
      const seed = /^\d{1,10}$/.test(v) ? Number(v) : NaN;
      return Number.isInteger(seed) && seed <= SEED_MAX ? { key, seed } : 'notSeed';
    }
    case 'model': {
      if (v === '') return 'empty';
      const model = resolveModel(v);
      return model === 'ambiguous' ? 'ambiguousModel' : model ? { key, model } : 'unknownModel';
    }
    case 'size': {
      if (v === '') return 'empty';
      return sizeFilter(v) ?? 'notSize';
    }
    case 'batch': {
      if (v === '') return 'empty';
      return /^[\w-]{1,80}$/.test(value.trim()) ? { key, batchId: value.trim() } : 'notBatch';
    }
    case 'set':
    case 'fav': {
      const isYes = YES.has(v);
      if (!isYes && !NO.has(v)) return 'notYesNo';
      return key === 'set' ? { key, isSet: isYes } : { key, isFavorite: isYes };
    }
  }
}

export function parseSearch(input: string): ParsedSearch {
  const free: string[] = [];
  const filters: FilterToken[] = [];
  const problems: ProblemToken[] = [];
  for (const piece of pieces(input)) {
    const colon = piece.raw.search(/[:：]/);
    const key = colon > 0 ? KEY_ALIASES[fold(piece.raw.slice(0, colon))] : undefined;
    if (!key) {
      free.push(piece.raw);
      continue;
    }
    const value = unquote(piece.raw.slice(colon + 1));
    const read = readFilter(key, value);
    if (typeof read === 'string') problems.push({ ...piece, key, value, reason: read });
    else filters.push({ ...piece, key, filter: read });
  }
  return { text: free.join(' '), filters, problems };
}

/** The text without the filter at `start…end`, its gap closed (what a chip's remove button does). */
export function removeSpan(text: string, span: { start: number; end: number }): string {
  return `${text.slice(0, span.start).trimEnd()} ${text.slice(span.end).trimStart()}`.trim();
}

/** How a chip names a filter: `tag: 夏天`, `seed: 42`, `fav: no`. */
export function filterLabel(token: FilterToken): string {
  const f = token.filter;
  const value =
    f.key === 'batch'
      ? f.batchId
      : f.key === 'tag'
        ? f.name
        : f.key === 'seed'
          ? String(f.seed)
          : f.key === 'model'
            ? f.model
            : f.key === 'size'
              ? f.label
              : (f.key === 'set' ? f.isSet : f.isFavorite)
                ? 'yes'
                : 'no';
  return `${token.key}: ${value}`;
}

const PROBLEMS: Record<ProblemReason, Record<Locale, (p: { key: string; value: string }) => string>> = {
  empty: {
    en: (p) => `${p.key}: needs a value`,
    'zh-CN': (p) => `${p.key}: 缺少值`,
  },
  notSeed: {
    en: (p) => `seed "${p.value}" is not a whole number from 0 to ${SEED_MAX}`,
    'zh-CN': (p) => `种子“${p.value}”不是 0 到 ${SEED_MAX} 之间的整数`,
  },
  unknownModel: {
    en: (p) => `no model matches "${p.value}" (${MODEL_IDS.join(', ')})`,
    'zh-CN': (p) => `没有与“${p.value}”匹配的模型(${MODEL_IDS.join('、')})`,
  },
  ambiguousModel: {
    en: (p) => `"${p.value}" matches more than one model; write more of its name`,
    'zh-CN': (p) => `“${p.value}”匹配多个模型,请写出更完整的名称`,
  },
  notSize: {
    en: (p) => `size "${p.value}" is not like 2048x2048, 16:9 or 2K`,
    'zh-CN': (p) => `尺寸“${p.value}”应写作 2048x2048、16:9 或 2K`,
  },
  notYesNo: {
    en: (p) => `${p.key}: takes yes or no, not "${p.value}"`,
    'zh-CN': (p) => `${p.key}: 只接受 yes 或 no,而不是“${p.value}”`,
  },
  notBatch: {
    en: (p) => `"${p.value}" is not a batch id`,
    'zh-CN': (p) => `“${p.value}”不是批量任务编号`,
  },
  badTag: {
    en: () => 'a tag is 1–60 characters without control characters',
    'zh-CN': () => '标签须为 1–60 个字符,且不含控制字符',
  },
};

/** Why a filter was not applied, in a sentence fragment (a chip's text, a CLI error). */
export function describeProblem(problem: ProblemToken, locale: Locale): string {
  return PROBLEMS[problem.reason][locale]({ key: problem.key, value: problem.value });
}
