// What Wan 2.7 can do in each mode, and what each provider kind speaks: one table that the studio,
// the shared validation, the CLI, the providers and the simulator all read, so a rule is never
// stated twice. Sources: ../shared/docs/wan-api-native-and-edits.md (A.2–A.4); where a fact is
// UNVERIFIED there, the stricter limit is the rule here.

export const PROVIDER_KINDS = ['openai', 'dashscope'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const DASHSCOPE_REGIONS = {
  beijing: 'https://dashscope.aliyuncs.com/api/v1',
  singapore: 'https://dashscope-intl.aliyuncs.com/api/v1',
} as const;
export type DashScopeRegion = keyof typeof DASHSCOPE_REGIONS;

/** How an OpenAI-compatible gateway is sent reference images (wan-api-native-and-edits.md B.3/B.4). */
export const EDIT_STYLES = ['json', 'multipart'] as const;
export type EditStyle = (typeof EDIT_STYLES)[number];

/** How the structured palette reaches an OpenAI-compatible gateway. */
export const PALETTE_STYLES = ['structured', 'text'] as const;
export type PaletteStyle = (typeof PALETTE_STYLES)[number];

/** Text only, editing with references, an image set, or an image set from references. */
export const MODES = ['text', 'edit', 'set', 'edit-set'] as const;
export type Mode = (typeof MODES)[number];

export type ModeRule = {
  /** Images per request. */
  n: { min: number; max: number };
  /** 4K sizes (pro only). */
  allows4K: boolean;
  /** thinking_mode is applied (elsewhere upstream ignores it, so it is not sent). */
  hasThinking: boolean;
  /** color_palette (structured or free text). */
  allowsPalette: boolean;
  /** bbox_list on references. */
  allowsBoxes: boolean;
};

export const MODE_RULES: Readonly<Record<Mode, ModeRule>> = {
  text: { n: { min: 1, max: 4 }, allows4K: true, hasThinking: true, allowsPalette: true, allowsBoxes: false },
  // Palette with references is UNVERIFIED upstream; allowed here (QC only forbids it in sets).
  edit: { n: { min: 1, max: 4 }, allows4K: false, hasThinking: false, allowsPalette: true, allowsBoxes: true },
  set: { n: { min: 1, max: 12 }, allows4K: false, hasThinking: false, allowsPalette: false, allowsBoxes: false },
  'edit-set': { n: { min: 1, max: 12 }, allows4K: false, hasThinking: false, allowsPalette: false, allowsBoxes: false },
};

export function modeOf(request: { isSequential: boolean; references?: readonly unknown[] }): Mode {
  const hasReferences = (request.references?.length ?? 0) > 0;
  if (request.isSequential) return hasReferences ? 'edit-set' : 'set';
  return hasReferences ? 'edit' : 'text';
}

/** Reference images: how many, and what each must be (A.4). */
export const REFERENCE_LIMITS = {
  maxImages: 9,
  minSide: 240,
  maxSide: 8000,
  /** Longest side over shortest side. */
  maxAspect: 8,
  /** Bytes of one image as sent; larger ones are re-encoded or scaled down first (10 MB vs 20 MB: the stricter). */
  maxBytes: 10 * 1024 * 1024,
  formats: ['png', 'jpeg', 'webp', 'bmp'] as readonly string[],
} as const;

/** Boxes for interactive editing: up to 2 per reference (UNVERIFIED upstream; the stricter). */
export const BOX_LIMITS = { maxPerImage: 2 } as const;

/** Exact palettes: 3–10 colours whose ratios sum to 100.00 %. */
export const PALETTE_LIMITS = { minColors: 3, maxColors: 10, ratioSum: 100 } as const;

export type Box = readonly [x1: number, y1: number, x2: number, y2: number];
export type PaletteEntry = { hex: string; ratio: number };

/** `"23.51%"`: the native API's ratio, a string with two decimals. */
export function ratioText(ratio: number): string {
  return `${ratio.toFixed(2)}%`;
}

/**
 * Ratios that always sum to exactly 100.00 (in hundredths): the largest-remainder rounding of
 * the given weights, so an editor can rebalance after any change and never drift.
 */
export function normalizeRatios(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (weights.length === 0) return [];
  const shares = weights.map((w) => (total > 0 ? (Math.max(0, w) / total) * 10_000 : 10_000 / weights.length));
  const floors = shares.map(Math.floor);
  let left = 10_000 - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return floors.map((hundredths) => hundredths / 100);
}

/** Whether ratios sum to 100.00 % (to the hundredth). */
export function isPaletteBalanced(entries: readonly PaletteEntry[]): boolean {
  const hundredths = entries.reduce((sum, e) => sum + Math.round(e.ratio * 100), 0);
  return hundredths === 10_000;
}

/** `"#C2D1E6:23.51,#1F2A44:40,#F2C14E:36.49"` (the CLI's --palette; `%` allowed after each ratio). */
export function parsePaletteText(text: string): PaletteEntry[] | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const entries: PaletteEntry[] = [];
  for (const part of parts) {
    const m = /^(#[0-9a-fA-F]{6})\s*:\s*(\d+(?:\.\d{1,2})?)\s*%?$/.exec(part);
    if (!m) return undefined;
    entries.push({ hex: m[1]!.toUpperCase(), ratio: Number(m[2]) });
  }
  return entries;
}
