// Messages that main, renderer and CLI all show. Kept in one table so the two languages never
// drift apart; the renderer's UI strings live next to the renderer.

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Params = Record<string, string | number>;
type Template = string | ((p: Params) => string);

export const FIELD_MESSAGES = {
  'model.unknown': {
    en: (p: Params) => `Unknown model "${p.value}". Choose wan2.7-image-pro or wan2.7-image.`,
    'zh-CN': (p: Params) => `未知模型“${p.value}”。请选择 wan2.7-image-pro 或 wan2.7-image。`,
  },
  'prompt.empty': {
    en: 'Write a prompt first.',
    'zh-CN': '请先输入提示词。',
  },
  'prompt.tooLong': {
    en: (p: Params) => `The prompt has ${p.count} characters; the model reads at most ${p.max}.`,
    'zh-CN': (p: Params) => `提示词有 ${p.count} 个字符,模型最多读取 ${p.max} 个。`,
  },
  'size.format': {
    en: 'Size must look like 2048x2048.',
    'zh-CN': '尺寸格式应为 2048x2048。',
  },
  'size.notOffered': {
    en: (p: Params) => `${p.model} does not offer ${p.size}.`,
    'zh-CN': (p: Params) => `${p.model} 不支持尺寸 ${p.size}。`,
  },
  'size.notInSequential': {
    en: (p: Params) => `${p.size} (4K) is not available for image sets. Pick 2K or smaller.`,
    'zh-CN': (p: Params) => `组图模式不支持 4K 尺寸 ${p.size},请选择 2K 或更小的尺寸。`,
  },
  'n.range': {
    en: (p: Params) => `Number of images must be a whole number from 1 to ${p.max}.`,
    'zh-CN': (p: Params) => `生成数量须为 1 到 ${p.max} 之间的整数。`,
  },
  'seed.range': {
    en: (p: Params) => `Seed must be a whole number from ${p.min} to ${p.max}.`,
    'zh-CN': (p: Params) => `种子须为 ${p.min} 到 ${p.max} 之间的整数。`,
  },
  'colorPalette.tooLong': {
    en: (p: Params) => `The colour theme is limited to ${p.max} characters.`,
    'zh-CN': (p: Params) => `颜色主题最多 ${p.max} 个字符。`,
  },
  'colorPalette.notInSequential': {
    en: 'A colour theme applies to single images only, not to image sets.',
    'zh-CN': '颜色主题仅适用于单图模式,不适用于组图模式。',
  },
  'size.notWithReferences': {
    en: (p: Params) => `${p.size} (4K) is for text-to-image only; with reference images pick 2K or smaller.`,
    'zh-CN': (p: Params) => `4K 尺寸 ${p.size} 仅用于文生图;使用参考图时请选择 2K 或更小的尺寸。`,
  },
  'references.tooMany': {
    en: (p: Params) => `At most ${p.max} reference images (${p.count} given).`,
    'zh-CN': (p: Params) => `参考图最多 ${p.max} 张(当前 ${p.count} 张)。`,
  },
  'references.unreadable': {
    en: (p: Params) =>
      `Reference image ${p.image} cannot be read as an image (PNG, JPEG, WebP or BMP; HEIC, GIF or TIFF are converted).`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 无法作为图片读取(支持 PNG、JPEG、WebP、BMP;HEIC、GIF、TIFF 会被转换)。`,
  },
  'references.tooSmall': {
    en: (p: Params) =>
      `Reference image ${p.image} is ${p.width}×${p.height} px, too small: each side needs at least ${p.min} px.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 为 ${p.width}×${p.height} 像素,太小:每边至少需要 ${p.min} 像素。`,
  },
  'references.aspect': {
    en: (p: Params) =>
      `Reference image ${p.image} is ${p.width}×${p.height} px, too narrow: the long side may be at most ${p.max} times the short one.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 为 ${p.width}×${p.height} 像素,过于狭长:长边最多为短边的 ${p.max} 倍。`,
  },
  'references.tooLarge': {
    en: (p: Params) => `Reference image ${p.image} stays over ${p.limit} even re-encoded and scaled down.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 即使重新编码并缩小后仍超过 ${p.limit}。`,
  },
  'references.unknown': {
    en: (p: Params) => `Reference image ${p.image} is not stored in this library (sha256 ${p.sha}…); add it again.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 不在此图库中(sha256 ${p.sha}…);请重新添加。`,
  },
  'boxes.notInMode': {
    en: 'Boxes mark where to edit a reference image: they need reference images and do not apply to image sets.',
    'zh-CN': '框选用于标记参考图中要编辑的区域:需要参考图,且不适用于组图模式。',
  },
  'boxes.tooMany': {
    en: (p: Params) => `Reference image ${p.image} has more than ${p.max} boxes.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 的框选超过 ${p.max} 个。`,
  },
  'boxes.shape': {
    en: (p: Params) => `A box on reference image ${p.image} must be whole pixels x1,y1,x2,y2 with x2 > x1 and y2 > y1.`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 的框选须为整数像素 x1,y1,x2,y2,且 x2 > x1、y2 > y1。`,
  },
  'boxes.outside': {
    en: (p: Params) => `A box on reference image ${p.image} reaches outside it (${p.width}×${p.height} px).`,
    'zh-CN': (p: Params) => `参考图 ${p.image} 的框选超出了图片范围(${p.width}×${p.height} 像素)。`,
  },
  'palette.notInMode': {
    en: 'An exact palette applies to single images, not to image sets.',
    'zh-CN': '精确配色仅适用于单图,不适用于组图模式。',
  },
  'palette.count': {
    en: (p: Params) => `A palette has ${p.min} to ${p.max} colours.`,
    'zh-CN': (p: Params) => `配色须包含 ${p.min} 到 ${p.max} 种颜色。`,
  },
  'palette.hex': {
    en: (p: Params) => `"${p.value}" is not a colour like #C2D1E6.`,
    'zh-CN': (p: Params) => `“${p.value}”不是 #C2D1E6 这样的颜色值。`,
  },
  'palette.ratio': {
    en: 'Each colour’s share is a positive percentage with at most two decimals.',
    'zh-CN': '每种颜色的占比须为正数百分比,最多两位小数。',
  },
  'palette.sum': {
    en: (p: Params) => `The colours’ shares add up to ${p.sum}%; they must add up to exactly 100%.`,
    'zh-CN': (p: Params) => `各颜色占比之和为 ${p.sum}%,须恰好为 100%。`,
  },
  'field.invalid': {
    en: 'This value is not valid.',
    'zh-CN': '该值无效。',
  },
} satisfies Record<string, Record<Locale, Template>>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

export function isFieldMessageKey(key: string): key is FieldMessageKey {
  return Object.hasOwn(FIELD_MESSAGES, key);
}

export function render(template: Template, params: Params = {}): string {
  return typeof template === 'function' ? template(params) : template;
}

export function fieldMessage(key: FieldMessageKey, locale: Locale, params: Params = {}): string {
  return render(FIELD_MESSAGES[key][locale], params);
}

/** Picks zh-CN for any Chinese system locale, English otherwise. */
export function resolveLocale(tag: string | undefined): Locale {
  return tag && /^zh([-_.]|$)/i.test(tag) ? 'zh-CN' : 'en';
}
