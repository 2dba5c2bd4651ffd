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
