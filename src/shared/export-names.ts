import { TEMPLATE_TOKENS, type ExportFormat, type ExportLayout } from './export-types';
import type { Locale } from './i18n-messages';

// File and folder names for exports. Pure on purpose: main uses it to write files, and the
// renderer runs the very same code for the live preview, so the preview never lies.
//
// Template syntax: `{token}` or `{prompt:N}`; every other character is literal. A literal brace
// is written doubled (`{{` → `{`, `}}` → `}`), as in Python's and .NET's format strings, so a
// lone `{` is always the start of a token and a typo like `{sed}` is reported instead of being
// written into thousands of file names. A lone `}` is unambiguous and kept as a literal.

export type NameSource = {
  imageId: string;
  generationId: string;
  /** 0-based position in its set. */
  index: number;
  setSize: number;
  /** Milliseconds since the epoch; names use the machine's local time. */
  createdAt: number;
  model: string;
  size: string;
  seed: number;
  prompt: string;
  /** 1-based number of this image set within the export, for layout 'set'. */
  setNumber?: number;
};

export type TemplateCheck =
  { ok: true } | { ok: false; token: string; reason: 'unknown_token' | 'bad_length' | 'unclosed' | 'no_token' };

export const PROMPT_TOKEN_DEFAULT_LENGTH = 32;
export const PROMPT_TOKEN_MAX_LENGTH = 300;
/**
 * Default byte budget of one segment: a 200-byte stem plus ' (99999)' and '.webp' stays under the
 * 255-byte limit that ext4, APFS and NTFS (255 UTF-16 units) all share.
 */
export const SEGMENT_MAX_BYTES = 200;
/** Prompt excerpt used in folder names. */
const FOLDER_PROMPT_LENGTH = 24;

type Part = { kind: 'text'; text: string } | { kind: 'token'; name: string; length: number };
type Parsed = { ok: true; parts: Part[] } | Exclude<TemplateCheck, { ok: true }>;

/** Tokens without an argument; `prompt` takes an optional length and is handled on its own. */
const SIMPLE_TOKENS = new Set<string>(TEMPLATE_TOKENS.filter((t) => t !== 'prompt'));

function parseTemplate(template: string): Parsed {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if ((ch === '{' || ch === '}') && template[i + 1] === ch) {
      text += ch;
      i += 2;
      continue;
    }
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    const nextOpen = template.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      return { ok: false, token: template.slice(i, nextOpen >= 0 ? nextOpen : undefined), reason: 'unclosed' };
    }
    const token = template.slice(i, close + 1);
    const part = parseToken(template.slice(i + 1, close));
    if (part === 'unknown_token' || part === 'bad_length') return { ok: false, token, reason: part };
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push(part);
    i = close + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  if (!parts.some((p) => p.kind === 'token')) return { ok: false, token: '', reason: 'no_token' };
  return { ok: true, parts };
}

function parseToken(body: string): Part | 'unknown_token' | 'bad_length' {
  if (SIMPLE_TOKENS.has(body)) return { kind: 'token', name: body, length: 0 };
  if (body === 'prompt') return { kind: 'token', name: 'prompt', length: PROMPT_TOKEN_DEFAULT_LENGTH };
  if (!body.startsWith('prompt:')) return 'unknown_token';
  const digits = body.slice('prompt:'.length);
  if (!/^\d{1,4}$/.test(digits)) return 'bad_length';
  const length = Number(digits);
  if (length < 1 || length > PROMPT_TOKEN_MAX_LENGTH) return 'bad_length';
  return { kind: 'token', name: 'prompt', length };
}

export function checkTemplate(template: string): TemplateCheck {
  const parsed = parseTemplate(template);
  return parsed.ok ? { ok: true } : parsed;
}

type TemplateReason = Exclude<TemplateCheck, { ok: true }>['reason'];

const KNOWN_TOKENS = '{date} {time} {model} {size} {seed} {index} {prompt} {prompt:N} {id}';

/** One table for the export dialog, the CLI and the export engine, so they never say it differently. */
const TEMPLATE_PROBLEMS: Record<TemplateReason, Record<Locale, (token: string) => string>> = {
  no_token: {
    en: () => 'Add at least one {token}, or every file would get the same name.',
    'zh-CN': () => '请至少包含一个 {标记},否则所有文件会同名。',
  },
  unclosed: {
    en: (token) => `“${token}” is missing its closing }. Write {{ for a literal {.`,
    'zh-CN': (token) => `“${token}”缺少右括号 }。如需字面的 { 请写 {{。`,
  },
  bad_length: {
    en: (token) => `“${token}”: the prompt length must be a whole number from 1 to ${PROMPT_TOKEN_MAX_LENGTH}.`,
    'zh-CN': (token) => `“${token}”:提示词长度须为 1 到 ${PROMPT_TOKEN_MAX_LENGTH} 之间的整数。`,
  },
  unknown_token: {
    en: (token) => `“${token}” is not a known token. Known: ${KNOWN_TOKENS}.`,
    'zh-CN': (token) => `“${token}”不是可用的标记。可用标记:${KNOWN_TOKENS}。`,
  },
};

/** Words a person can act on, for the export dialog and the CLI. */
export function templateProblem(check: TemplateCheck, locale: Locale = 'en'): string | null {
  if (check.ok) return null;
  return TEMPLATE_PROBLEMS[check.reason][locale](check.token);
}

/** The file name without its extension. Throws on a template that `checkTemplate` refuses. */
export function renderStem(template: string, source: NameSource): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(templateProblem(parsed) ?? 'Invalid name template.');
  // The prompt is the only long value: it gets what the rest leaves, so a long prompt cannot push
  // the seed or index (what keeps names apart) off the end of the name.
  const values = parsed.parts.map((part) => (part.kind === 'text' ? part.text : tokenValue(part, source)));
  const promptCount = parsed.parts.filter((p) => p.kind === 'token' && p.name === 'prompt').length;
  const fixed = values.reduce((sum, v, i) => (isPrompt(parsed.parts[i]) ? sum : sum + utf8Length(v)), 0);
  const share = promptCount ? Math.floor(Math.max(0, SEGMENT_MAX_BYTES - fixed) / promptCount) : 0;
  const text = values.map((v, i) => (isPrompt(parsed.parts[i]) ? fitBytes(v, share) : v)).join('');
  return sanitizeSegment(text, SEGMENT_MAX_BYTES, 'image');
}

function isPrompt(part: Part | undefined): boolean {
  return part?.kind === 'token' && part.name === 'prompt';
}

function tokenValue(part: Extract<Part, { kind: 'token' }>, source: NameSource): string {
  switch (part.name) {
    case 'date':
      return localDate(source.createdAt);
    case 'time':
      return localTime(source.createdAt);
    case 'model':
      return source.model;
    case 'size':
      return source.size.replace(/[*×X]/g, 'x');
    case 'seed':
      return String(source.seed);
    case 'index':
      return String(source.index + 1).padStart(2, '0');
    case 'prompt':
      return promptExcerpt(source.prompt, part.length);
    default:
      return source.imageId;
  }
}

export function layoutFolders(layout: ExportLayout, source: NameSource): string[] {
  switch (layout) {
    case 'flat':
      return [];
    case 'date':
      return [localDate(source.createdAt)];
    case 'generation':
      return [folderName(localDate(source.createdAt), source.prompt, shortId(source))];
    case 'set': {
      if (source.setSize <= 1) return [];
      // Without a number (a caller that does not count sets) the generation id still keeps sets apart.
      const lead = source.setNumber === undefined ? shortId(source) : String(source.setNumber).padStart(3, '0');
      return [folderName(lead, source.prompt, '')];
    }
  }
}

function shortId(source: NameSource): string {
  return Array.from(source.generationId).slice(0, 8).join('');
}

/** `lead_prompt_tail`, the prompt cut so that lead and tail (what tells folders apart) survive. */
function folderName(lead: string, prompt: string, tail: string): string {
  const room = SEGMENT_MAX_BYTES - utf8Length(lead) - utf8Length(tail) - 2;
  const excerpt = fitBytes(promptExcerpt(prompt, FOLDER_PROMPT_LENGTH), Math.max(0, room));
  return sanitizeSegment([lead, excerpt, tail].filter((p) => p !== '').join('_'));
}

/** The output format alone decides the extension; the original's type does not matter. */
export function extensionFor(format: ExportFormat, _originalMime?: string): string {
  if (format === 'jpeg') return '.jpg';
  return format === 'webp' ? '.webp' : '.png';
}

/** The path relative to the export folder, with '/' separators. */
export function plannedPath(
  opts: { template: string; layout: ExportLayout; format: ExportFormat },
  source: NameSource,
  originalMime?: string,
): string {
  const file = renderStem(opts.template, source) + extensionFor(opts.format, originalMime);
  return [...layoutFolders(opts.layout, source), file].join('/');
}

// --- sanitising --------------------------------------------------------------------------------

// Bidi overrides and isolates can make `gpj.exe` read as `exe.jpg`; marks and BOM are invisible.
const INVISIBLE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// Controls (C0, DEL, C1), both separators and what Windows refuses in names.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const UNSAFE = /[\u0000-\u001F\u007F-\u009F/\\<>:"|?*]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Windows opens the device instead of a file for these, whatever the extension or case; it also
// ignores trailing spaces before the dot, so `nul .txt` is the NUL device too.
const DEVICE_NAME = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * One path segment that cannot escape its folder or trip a file system: no separators, no `..`,
 * no control, bidi or Windows-reserved characters, no device names, no leading or trailing dots
 * and spaces, NFC, at most `maxBytes` UTF-8 bytes cut between grapheme clusters.
 */
export function sanitizeSegment(text: string, maxBytes: number = SEGMENT_MAX_BYTES, fallback = '_'): string {
  let s = text.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC').replace(INVISIBLE, '').replace(UNSAFE, '_');
  s = trimEnds(s.replace(/\.{2,}/g, '.'));
  s = trimEnds(fitBytes(s, maxBytes));
  const base = s.split('.')[0]?.trimEnd() ?? '';
  if (DEVICE_NAME.test(base)) s = '_' + trimEnds(fitBytes(s, maxBytes - 1));
  return s === '' ? fallback : s;
}

function trimEnds(s: string): string {
  return s.replace(/^[.\s]+|[.\s]+$/gu, '');
}

let segmenter: Intl.Segmenter | undefined;

function graphemes(text: string): Iterable<string> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** The longest prefix of whole grapheme clusters that fits in `maxBytes` of UTF-8. */
export function fitBytes(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const cluster of graphemes(text)) {
    const n = utf8Length(cluster);
    if (used + n > maxBytes) break;
    out += cluster;
    used += n;
  }
  return out;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

// eslint-disable-next-line no-control-regex -- a tab or newline in a prompt becomes one space
const SPACE_OR_CONTROL = /[\s\u0000-\u001F\u007F-\u009F]+/gu;

/** First `length` grapheme clusters of the prompt, whitespace runs collapsed to one space. */
export function promptExcerpt(prompt: string, length: number): string {
  const flat = prompt.normalize('NFC').replace(INVISIBLE, '').replace(SPACE_OR_CONTROL, ' ').trim();
  let out = '';
  let count = 0;
  for (const cluster of graphemes(flat)) {
    if (count++ >= length) break;
    out += cluster;
  }
  return out.trimEnd();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function localDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '0000-00-00';
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '000000';
  return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

// --- collisions --------------------------------------------------------------------------------

/** Collision key: macOS and Windows fold case by default, so `A.png` and `a.png` are one file. */
export function pathKey(rel: string): string {
  return rel.normalize('NFC').toLowerCase();
}

/** `rel`, or `rel` with ` (2)`, ` (3)`… before the extension, whichever key is still free. */
export function uniquePath(rel: string, isTaken: (key: string) => boolean): string {
  if (!isTaken(pathKey(rel))) return rel;
  const slash = rel.lastIndexOf('/');
  const dir = rel.slice(0, slash + 1);
  const name = rel.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  // A bound, so a predicate that always says "taken" fails loudly instead of spinning forever.
  for (let n = 2; n < 1_000_000; n++) {
    const candidate = `${dir}${stem} (${n})${ext}`;
    if (!isTaken(pathKey(candidate))) return candidate;
  }
  throw new Error(`No free name for ${rel}`);
}
