// The Wan 2.7 model catalogue: every limit the UI, the request schema, the client and the
// simulator agree on. Source: ../shared/docs/wan-api.md (the gateway guide plus upstream docs).

export const MODEL_IDS = ['wan2.7-image-pro', 'wan2.7-image'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

export type AspectRatio = '1:1' | '16:9' | '9:16' | '4:3' | '3:4' | '3:2' | '2:3';
export type SizeTier = '4K' | '2K' | '1K';

export type SizeOption = {
  /** `WxH`, exactly as the API takes it. */
  id: string;
  width: number;
  height: number;
  ratio: AspectRatio;
  tier: SizeTier;
};

export type ModelInfo = {
  id: ModelId;
  label: { en: string; 'zh-CN': string };
  sizes: readonly SizeOption[];
  defaultSize: string;
  maxN: number;
  maxNSequential: number;
  /** 4K sizes are text-to-image only and not offered in image-set (sequential) mode upstream. */
  sequentialAllowsTier: (tier: SizeTier) => boolean;
};

function size(width: number, height: number, ratio: AspectRatio, tier: SizeTier): SizeOption {
  return { id: `${width}x${height}`, width, height, ratio, tier };
}

const SIZES_4K: readonly SizeOption[] = [
  size(4096, 4096, '1:1', '4K'),
  size(4096, 2304, '16:9', '4K'),
  size(2304, 4096, '9:16', '4K'),
  size(4096, 3072, '4:3', '4K'),
  size(3072, 4096, '3:4', '4K'),
];

const SIZES_2K_1K: readonly SizeOption[] = [
  size(2048, 2048, '1:1', '2K'),
  size(2688, 1536, '16:9', '2K'),
  size(1536, 2688, '9:16', '2K'),
  size(2368, 1728, '4:3', '2K'),
  size(1728, 2368, '3:4', '2K'),
  size(1024, 1024, '1:1', '1K'),
  size(1696, 960, '16:9', '1K'),
  size(960, 1696, '9:16', '1K'),
  size(1472, 1104, '4:3', '1K'),
  size(1104, 1472, '3:4', '1K'),
  size(1248, 832, '3:2', '1K'),
  size(832, 1248, '2:3', '1K'),
];

const notIn4K = (tier: SizeTier): boolean => tier !== '4K';

export const MODELS: Readonly<Record<ModelId, ModelInfo>> = {
  'wan2.7-image-pro': {
    id: 'wan2.7-image-pro',
    label: { en: 'Wan 2.7 Image Pro (up to 4K)', 'zh-CN': '万相 2.7 旗舰版(最高 4K)' },
    sizes: [...SIZES_4K, ...SIZES_2K_1K],
    defaultSize: '2048x2048',
    maxN: 4,
    maxNSequential: 12,
    sequentialAllowsTier: notIn4K,
  },
  'wan2.7-image': {
    id: 'wan2.7-image',
    label: { en: 'Wan 2.7 Image (up to 2K)', 'zh-CN': '万相 2.7 标准版(最高 2K)' },
    sizes: SIZES_2K_1K,
    defaultSize: '2048x2048',
    maxN: 4,
    maxNSequential: 12,
    sequentialAllowsTier: notIn4K,
  },
};

export const DEFAULT_MODEL: ModelId = 'wan2.7-image-pro';
export const DEFAULT_SIZE = '1024x1024';
export const SEED_MIN = 0;
export const SEED_MAX = 2_147_483_647;
/** Upstream cuts prompt text past this many characters; we refuse rather than lose text silently. */
export const PROMPT_MAX_CHARS = 5000;
export const COLOR_PALETTE_MAX_CHARS = 200;
export const COLOR_PALETTE_PRESETS = [
  '暖色调',
  '冷色调',
  '莫兰迪色系',
  '黑白',
  '复古胶片',
  '马卡龙色',
  '赛博朋克霓虹',
] as const;

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}

export function findSize(model: ModelId, sizeId: string): SizeOption | undefined {
  return MODELS[model].sizes.find((s) => s.id === sizeId);
}

/** Sizes a model offers in the given mode; 4K drops out of image-set mode. */
export function sizesFor(model: ModelId, isSequential: boolean): readonly SizeOption[] {
  const info = MODELS[model];
  return isSequential ? info.sizes.filter((s) => info.sequentialAllowsTier(s.tier)) : info.sizes;
}

export function maxImagesFor(model: ModelId, isSequential: boolean): number {
  const info = MODELS[model];
  return isSequential ? info.maxNSequential : info.maxN;
}

/** Options that upstream only applies to single images, not image sets. */
export const SINGLE_IMAGE_ONLY_OPTIONS = ['thinkingMode', 'colorPalette'] as const;

/** Counts user-visible characters (code points), the way a person counts a Chinese prompt. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function parseSize(sizeId: string): { width: number; height: number } | undefined {
  const m = /^(\d{2,5})x(\d{2,5})$/.exec(sizeId);
  if (!m) return undefined;
  return { width: Number(m[1]), height: Number(m[2]) };
}
