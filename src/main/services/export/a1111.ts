import type { WanMetadata } from './wan-metadata';

// The "parameters" text AUTOMATIC1111's web UI writes (and ComfyUI, Forge, Civitai and most
// gallery tools read): prompt lines, an optional `Negative prompt:` line, then one line of
// `Key: value` pairs. Writing it makes our exports readable by those tools; parsing it lets an
// import keep the prompt and seed of images made elsewhere.

export type A1111Parameters = {
  prompt: string;
  negativePrompt: string | null;
  seed?: number;
  size?: string;
  model?: string;
  fields: Record<string, string>;
};

/** A1111's own rule (`quote()` in generation_parameters_copypaste.py), plus quotes and edge spaces. */
function quote(value: string): string {
  return /[,:\n\r"]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
}

export function a1111Parameters(meta: WanMetadata): string {
  const p = meta.parameters;
  const fields: [string, string | null][] = [
    ['Seed', String(meta.seed)],
    ['Size', meta.size.replace(/[*×]/g, 'x')],
    ['Model', meta.model],
    ['Thinking mode', String(p.thinkingMode)],
    ['Sequential', String(p.isSequential)],
    ['Watermark', String(p.watermark)],
    ['Color palette', p.colorPalette ?? null],
    ['Revised prompt', meta.revisedPrompt],
    ['Wan Studio id', meta.imageId],
  ];
  const line = fields
    .filter((f): f is [string, string] => f[1] !== null)
    .map(([key, value]) => `${key}: ${quote(value)}`)
    .join(', ');
  return `${meta.prompt}\n${line}`;
}

// The pattern A1111 parses the last line with: a key, then a JSON-quoted value or anything up to
// the next comma.
const PARAM = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}

/** Reads A1111-style parameters; never throws, and unknown keys land in `fields`. */
export function parseA1111Parameters(text: string): A1111Parameters {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  let last = lines.pop() ?? '';
  const pairs = [...last.matchAll(PARAM)];
  // Like A1111: a last line with fewer than three pairs is still prompt text.
  if (pairs.length < 3) {
    lines.push(last);
    last = '';
  }
  const prompt: string[] = [];
  const negative: string[] = [];
  let isNegative = false;
  for (const line of lines) {
    if (!isNegative && line.startsWith('Negative prompt:')) {
      isNegative = true;
      negative.push(line.slice('Negative prompt:'.length).trim());
    } else (isNegative ? negative : prompt).push(line);
  }
  // fromEntries defines own properties, so a hostile `__proto__: x` key stays a plain field.
  const fields: Record<string, string> = Object.fromEntries(
    last ? pairs.map((m) => [(m[1] ?? '').trim(), unquote((m[2] ?? '').trim())]) : [],
  );

  const result: A1111Parameters = {
    prompt: prompt.join('\n').trim(),
    negativePrompt: isNegative ? negative.join('\n').trim() : null,
    fields,
  };
  const seed = fields.Seed === undefined ? NaN : Number(fields.Seed);
  if (Number.isSafeInteger(seed)) result.seed = seed;
  const size = /^\s*(\d+)\s*[x*×]\s*(\d+)\s*$/.exec(fields.Size ?? '');
  if (size) result.size = `${size[1]}x${size[2]}`;
  if (fields.Model) result.model = fields.Model;
  return result;
}
