import { SEED_MAX, isModelId } from '../../../shared/models';
import {
  SIM_INPUT_LIMITS,
  checkBoxes,
  checkPalette,
  decodeReference,
  isInputRejection,
  type SimReference,
} from './sim-inputs';
import type { SimRejection, SimRequest } from './sim-validate';

// The native request body (`{model, input: {messages}, parameters}`) checked as upstream checks it
// (wan-api-native-and-edits.md A.2–A.4), with upstream's own defaults where a field is absent —
// n 4 (12 for sets), size 2K, thinking on — so a client that leans on them is seen doing so.

const PRESETS: Record<string, number> = { '1K': 1024, '2K': 2048, '4K': 4096 };
const MIN_PIXELS = 768 * 768;

const invalid = (message: string, param: string, code = 'InvalidParameter', status = 400): SimRejection => ({
  status,
  code,
  message,
  param,
  type: 'invalid_request_error',
});

const round16 = (v: number): number => Math.max(16, Math.round(v / 16) * 16);

/** The output size: a preset is a pixel budget (shaped like the last reference when there is one). */
function outputSize(
  size: string,
  refs: readonly SimReference[],
  maxSide: number,
): { width: number; height: number } | string {
  const preset = PRESETS[size.toUpperCase()];
  if (preset) {
    const last = refs.at(-1);
    if (!last) return { width: preset, height: preset };
    const aspect = last.width / last.height;
    // The preset's pixel budget, shaped like the last reference (UNVERIFIED upstream; see the docs).
    const width = round16(preset * Math.sqrt(aspect));
    return { width, height: round16((preset * preset) / width) };
  }
  const m = /^(\d{2,5})\*(\d{2,5})$/.exec(size);
  if (!m) return `size ${size} is neither 1K, 2K, 4K nor W*H (e.g. 2048*2048).`;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (Math.max(width, height) / Math.min(width, height) > 8)
    return `size ${size}: the aspect ratio must be within 1:8 to 8:1.`;
  const pixels = width * height;
  if (pixels < MIN_PIXELS || pixels > maxSide * maxSide)
    return `size ${size}: total pixels must be between 768*768 and ${maxSide}*${maxSide}.`;
  return { width, height };
}

export async function validateNative(body: unknown, drawSeed: () => number): Promise<SimRequest | SimRejection> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalid('The request body must be a JSON object.', 'body');
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '')
    return invalid('Model is required.', 'model', 'BadRequest.EmptyModel');
  if (!isModelId(b.model)) return invalid(`Model not exist: ${b.model}.`, 'model');
  const messages = (b.input as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages) || messages.length !== 1)
    return invalid('input.messages must hold exactly one message.', 'input.messages', 'BadRequest.EmptyInput');
  const message = messages[0] as { role?: unknown; content?: unknown };
  if (message?.role !== 'user' || !Array.isArray(message.content))
    return invalid('The message must have role "user" and a content list.', 'input.messages');
  const content = message.content as Array<Record<string, unknown>>;
  const texts = content.filter((c) => c && 'text' in c);
  if (texts.length !== 1 || typeof texts[0]!.text !== 'string' || texts[0]!.text.trim() === '')
    return invalid('The content must hold exactly one non-empty text item.', 'input.messages');
  const prompt = texts[0]!.text as string;
  if ([...prompt].length > 5000) return invalid('The text is longer than 5000 characters.', 'input.messages');
  const images = content.filter((c) => c && 'image' in c);
  if (images.length > SIM_INPUT_LIMITS.maxImages)
    return invalid(`At most ${SIM_INPUT_LIMITS.maxImages} input images; got ${images.length}.`, 'input.messages');
  const refs: SimReference[] = [];
  for (const [i, item] of images.entries()) {
    const ref = await decodeReference(item.image, i + 1);
    if (isInputRejection(ref)) return { ...ref, type: 'invalid_request_error' };
    refs.push(ref);
  }
  const p = (typeof b.parameters === 'object' && b.parameters !== null ? b.parameters : {}) as Record<string, unknown>;
  for (const unsupported of ['negative_prompt', 'prompt_extend'])
    if (unsupported in p) return invalid(`${unsupported} is not supported by wan2.7 models.`, unsupported);
  for (const flag of ['enable_sequential', 'thinking_mode', 'watermark'])
    if (p[flag] !== undefined && typeof p[flag] !== 'boolean') return invalid(`${flag} must be a boolean.`, flag);
  const isSequential = p.enable_sequential === true;
  const isPro = b.model === 'wan2.7-image-pro';
  const allows4K = isPro && refs.length === 0 && !isSequential;
  const size = p.size === undefined ? '2K' : p.size;
  if (typeof size !== 'string') return invalid('size must be a string like 2K or 2048*2048.', 'size');
  if (size.toUpperCase() === '4K' && !allows4K)
    return invalid('4K is only for wan2.7-image-pro text-to-image without image sets.', 'size');
  const out = outputSize(size, refs, allows4K ? 4096 : 2048);
  if (typeof out === 'string') return invalid(out, 'size');
  const maxN = isSequential ? 12 : 4;
  // Upstream's defaults: 4 images, or 12 in a set.
  const n = p.n === undefined ? maxN : p.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxN)
    return invalid(`n must be between 1 and ${maxN}.`, 'n');
  const seed = p.seed === undefined ? drawSeed() : p.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX)
    return invalid(`seed must be an integer between 0 and ${SEED_MAX}.`, 'seed');
  let bboxList: number[][][] | undefined;
  if (p.bbox_list !== undefined) {
    if (isSequential) return invalid('bbox_list cannot be combined with enable_sequential.', 'bbox_list');
    const checked = checkBoxes(p.bbox_list, refs);
    if (isInputRejection(checked)) return { ...checked, type: 'invalid_request_error' };
    bboxList = checked;
  }
  let palette: SimRequest['palette'];
  if (p.color_palette !== undefined) {
    if (isSequential) return invalid('color_palette cannot be combined with enable_sequential.', 'color_palette');
    const checked = checkPalette(p.color_palette);
    if (isInputRejection(checked)) return { ...checked, type: 'invalid_request_error' };
    palette = checked;
  }
  return {
    model: b.model,
    prompt,
    size: `${out.width}x${out.height}`,
    n,
    responseFormat: 'url',
    isAsync: false,
    isSequential,
    // Upstream's default is on; it applies to plain text-to-image only.
    thinkingMode: p.thinking_mode !== false && refs.length === 0 && !isSequential,
    seed,
    watermark: p.watermark === true,
    references: refs,
    bboxList,
    palette,
  };
}
