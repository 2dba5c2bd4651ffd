import { MODE_RULES, modeOf, ratioText, type PaletteStyle } from '../../../shared/capabilities';
import type { SeededGenerationRequest } from '../../../shared/generation-request';
import { WanError } from '../wan-error';
import { dataUri, starSize } from './provider-http';
import type { PreparedReference } from './provider-types';

// What an OpenAI-compatible gateway is sent (wan-api.md; wan-api-native-and-edits.md B.3/B.4).

/**
 * The exact palette as the documented string: `"#C2D1E6 23.51%, #1F2A44 40.00%, #F2C14E 36.49%"`
 * (hex, a space, the ratio as the native API writes it; entries joined by ", "). A free-text
 * theme given as well comes first, then "; ", so neither is lost.
 */
export function paletteText(req: Pick<SeededGenerationRequest, 'palette' | 'colorPalette'>): string | undefined {
  const exact = req.palette?.map((e) => `${e.hex} ${ratioText(e.ratio)}`).join(', ');
  const parts = [req.colorPalette, exact].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join('; ') : undefined;
}

/** The native `color_palette` array: `[{hex, ratio: "23.51%"}]`. */
export function structuredPalette(req: Pick<SeededGenerationRequest, 'palette'>): unknown[] | undefined {
  return req.palette?.map((e) => ({ hex: e.hex, ratio: ratioText(e.ratio) }));
}

function paletteValue(req: SeededGenerationRequest, style: PaletteStyle): unknown {
  // The structured form carries only the exact palette; a free-text theme alone stays a string.
  if (style === 'structured' && req.palette) return structuredPalette(req);
  return paletteText(req);
}

/** The JSON body of `POST /images/generations` (text to image), as it was before references. */
export function generationsBody(req: SeededGenerationRequest, paletteStyle: PaletteStyle): Record<string, unknown> {
  const parameters: Record<string, unknown> = { seed: req.seed, watermark: req.watermark };
  if (req.isSequential) parameters.enable_sequential = true;
  else {
    // Upstream applies these to single images only.
    parameters.thinking_mode = req.thinkingMode;
    const palette = paletteValue(req, paletteStyle);
    if (palette !== undefined) parameters.color_palette = palette;
  }
  const body: Record<string, unknown> = {
    model: req.model,
    prompt: req.prompt,
    size: req.size,
    n: req.n,
    response_format: req.responseFormat,
    parameters,
  };
  if (req.mode === 'async') body.async = true;
  return body;
}

/**
 * `bbox_list` when any box exists: one entry per reference, in order, `[]` for an image without
 * boxes (its length must equal the number of images).
 */
export function bboxList(req: SeededGenerationRequest): number[][][] | undefined {
  const refs = req.references ?? [];
  if (!refs.some((r) => r.boxes.length > 0)) return undefined;
  return refs.map((r) => r.boxes.map((b) => [...b]));
}

/**
 * The `parameters` object of an edit (new-api reads only what is inside it: the OpenAI-level
 * size/n/watermark are ignored once `parameters` exists). Every option is stated, so a rerun
 * never depends on upstream's defaults (n 4 or 12, thinking on).
 */
export function editParameters(req: SeededGenerationRequest, palette: unknown): Record<string, unknown> {
  const rule = MODE_RULES[modeOf(req)];
  const parameters: Record<string, unknown> = {
    size: starSize(req.size),
    n: req.n,
    seed: req.seed,
    watermark: req.watermark,
    enable_sequential: req.isSequential,
    thinking_mode: rule.hasThinking ? req.thinkingMode : false,
  };
  const boxes = bboxList(req);
  if (boxes) parameters.bbox_list = boxes;
  if (palette !== undefined && rule.allowsPalette) parameters.color_palette = palette;
  return parameters;
}

/**
 * new-api's JSON edit (B.4): the images and the text in `input.messages`, the options in
 * `parameters`. new-api forwards `input` and `parameters` to DashScope untouched, so they are
 * written as the native API reads them, whatever the profile's palette style (which is for the
 * gateway's own /images/generations): the exact palette structured, a free-text theme in the text.
 */
export function editsJsonBody(
  req: SeededGenerationRequest,
  references: readonly PreparedReference[],
  _paletteStyle: PaletteStyle,
): Record<string, unknown> {
  const allowsPalette = MODE_RULES[modeOf(req)].allowsPalette;
  const text = req.colorPalette && allowsPalette ? `${req.prompt}\n配色:${req.colorPalette}` : req.prompt;
  const body: Record<string, unknown> = {
    model: req.model,
    // Required by the gateway's own validation; upstream reads the text in `input`.
    prompt: req.prompt,
    response_format: req.responseFormat,
    input: {
      messages: [{ role: 'user', content: [...references.map((ref) => ({ image: dataUri(ref) })), { text }] }],
    },
    parameters: editParameters(req, structuredPalette(req)),
  };
  if (req.mode === 'async') body.async = true;
  return body;
}

/**
 * The multipart form (B.3): files, prompt, model, n, response_format, watermark. It carries no
 * size, seed or extension, so what it would silently drop is refused before anything is sent.
 */
export function editsMultipartForm(req: SeededGenerationRequest, references: readonly PreparedReference[]): FormData {
  const refusal = multipartRefusal(req);
  if (refusal) throw refusal;
  const form = new FormData();
  references.forEach((ref, i) => {
    const ext = ref.mime.split('/')[1] ?? 'png';
    form.append('image', new Blob([Buffer.from(ref.bytes)], { type: ref.mime }), `image-${i + 1}.${ext}`);
  });
  form.append('prompt', req.prompt);
  form.append('model', req.model);
  form.append('n', String(req.n));
  form.append('response_format', req.responseFormat);
  form.append('watermark', req.watermark ? 'true' : 'false');
  return form;
}

function multipartRefusal(req: SeededGenerationRequest): WanError | undefined {
  const what = bboxList(req)
    ? { en: 'boxes on reference images', zh: '参考图上的框选' }
    : req.palette || req.colorPalette
      ? { en: 'a colour palette', zh: '配色' }
      : req.isSequential
        ? { en: 'an image set', zh: '组图' }
        : undefined;
  if (!what) return undefined;
  return new WanError('invalid_request', {
    field: 'references',
    detail:
      `This profile sends reference images as a multipart form, which cannot carry ${what.en}: ` +
      `set its edit style to JSON, or leave that option out. ` +
      `此配置以 multipart 表单发送参考图,无法携带${what.zh}:请把编辑方式改为 JSON,或去掉该选项。`,
    isRetryable: false,
  });
}

/** Whether a failed edit means "this gateway does not take reference images this way". */
export function isEditsRefused(err: WanError): boolean {
  if (err.httpStatus === 405) return true;
  const text = `${err.upstreamCode ?? ''} ${err.detail ?? ''}`;
  if (err.httpStatus === 404) return !/model/i.test(text);
  // A 400 that says the images themselves are not taken (not one that finds fault with an image).
  const isRefusal =
    /\b(images?|input)\b[^.]*\b(not supported|unsupported|not allowed|unknown|unrecognized)\b/i.test(text) ||
    /\b(does not support|unsupported|unknown field|unknown parameter)\b[^.]*\b(images?|input)\b/i.test(text) ||
    /不支持(参考)?图/.test(text);
  return err.httpStatus === 400 && isRefusal;
}

export function editsRefusedError(err: WanError, style: 'json' | 'multipart'): WanError {
  const other = style === 'json' ? 'multipart' : 'JSON';
  return new WanError('invalid_request', {
    field: 'references',
    httpStatus: err.httpStatus,
    upstreamCode: err.upstreamCode,
    detail:
      `This gateway refused reference images at /images/edits (HTTP ${err.httpStatus ?? '?'}${err.detail ? `: ${err.detail}` : ''}). ` +
      `Try the ${other} edit style in the profile, or a gateway or DashScope profile that carries Wan 2.7 edits. ` +
      `该网关不接受参考图(/images/edits)。请在配置中改用 ${other} 编辑方式,或换用支持万相 2.7 编辑的网关或 DashScope。`,
    isRetryable: false,
  });
}
