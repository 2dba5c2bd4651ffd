import { SEED_MAX, findSize, isModelId, maxImagesFor } from '../../../shared/models';
import { checkPalette, isInputRejection, type SimPaletteEntry, type SimReference } from './sim-inputs';

// Validates a create body the way the real service does, with its error codes and OpenAI-shaped
// bodies, so the client's error handling meets the same answers it will meet in production.

export type SimRequest = {
  model: string;
  prompt: string;
  size: string;
  n: number;
  responseFormat: 'url' | 'b64_json';
  isAsync: boolean;
  isSequential: boolean;
  thinkingMode: boolean;
  seed: number;
  watermark: boolean;
  colorPalette?: string;
  /** Edits (native, or a gateway's /images/edits): the decoded reference images, in order. */
  references?: SimReference[];
  bboxList?: number[][][];
  /** An exact palette (the native `color_palette` array). */
  palette?: SimPaletteEntry[];
};

export type SimRejection = { status: number; code: string; message: string; param?: string; type: string };

const invalid = (message: string, param: string): SimRejection => ({
  status: 400,
  code: 'InvalidParameter',
  message,
  param,
  type: 'invalid_request_error',
});

export function validateCreate(body: unknown, drawSeed: () => number): SimRequest | SimRejection {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return invalid('The request body must be a JSON object.', 'body');
  const b = body as Record<string, unknown>;
  const params = (typeof b.parameters === 'object' && b.parameters !== null ? b.parameters : {}) as Record<
    string,
    unknown
  >;
  if ('negative_prompt' in b || 'negative_prompt' in params)
    return invalid('negative_prompt is not supported by wan2.7 models.', 'negative_prompt');
  if ('prompt_extend' in b || 'prompt_extend' in params)
    return invalid('prompt_extend is not supported by wan2.7 models.', 'prompt_extend');
  if (typeof b.model !== 'string' || b.model === '') return invalid('model is required.', 'model');
  if (!isModelId(b.model))
    return {
      status: 404,
      code: 'ModelNotFound',
      message: `The model ${b.model} does not exist.`,
      type: 'invalid_request_error',
      param: 'model',
    };
  if (typeof b.prompt !== 'string' || b.prompt.trim() === '') return invalid('prompt must not be empty.', 'prompt');
  const isSequential = params.enable_sequential === true;
  const size = b.size === undefined ? '1024x1024' : b.size;
  if (typeof size !== 'string') return invalid('size must be a string like 1024x1024.', 'size');
  const option = findSize(b.model, size);
  if (!option) return invalid(`size ${size} is not supported by ${b.model}.`, 'size');
  if (isSequential && option.tier === '4K') return invalid(`size ${size} is not supported in sequential mode.`, 'size');
  const n = b.n === undefined ? 1 : b.n;
  const maxN = maxImagesFor(b.model, isSequential);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > maxN)
    return invalid(`n must be between 1 and ${maxN}.`, 'n');
  const format = b.response_format === undefined ? 'url' : b.response_format;
  if (format !== 'url' && format !== 'b64_json')
    return invalid('response_format must be url or b64_json.', 'response_format');
  const seed = params.seed === undefined ? drawSeed() : params.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX)
    return invalid(`seed must be an integer between 0 and ${SEED_MAX}.`, 'seed');
  const palette = params.color_palette;
  if (palette !== undefined && typeof palette !== 'string' && !Array.isArray(palette))
    return invalid('color_palette must be a string or a list of colours.', 'color_palette');
  // A list goes through a new-api gateway to upstream unchanged: checked as upstream checks it.
  const exact = Array.isArray(palette) ? checkPalette(palette) : undefined;
  if (isInputRejection(exact)) return invalid(exact.message, 'color_palette');
  return {
    model: b.model,
    prompt: b.prompt,
    size,
    n,
    responseFormat: format,
    isAsync: b.async === true,
    isSequential,
    thinkingMode: params.thinking_mode !== false,
    seed,
    watermark: params.watermark === true,
    colorPalette: typeof palette === 'string' ? palette : undefined,
    ...(exact ? { palette: exact } : {}),
  };
}

export function isRejection(value: SimRequest | SimRejection): value is SimRejection {
  return 'status' in value;
}
