import { PALETTE_LIMITS, normalizeRatios, type PaletteEntry } from '../../../../shared/capabilities';

// The exact-palette editor's rules, pure so they test without a DOM: 3–10 colours whose ratios
// (percent, two decimals) always sum to exactly 100.00. Every edit rebalances the other colours in
// proportion to what they had, in hundredths, so the sum never drifts.

export type { PaletteEntry };

/** A neutral start: three colours in equal parts (33.34 / 33.33 / 33.33). */
export function defaultPalette(): PaletteEntry[] {
  const ratios = normalizeRatios([1, 1, 1]);
  return ['#1F2A44', '#C2D1E6', '#F2C14E'].map((hex, i) => ({ hex, ratio: ratios[i]! }));
}

const toHundredths = (ratio: number): number => Math.round(ratio * 100);

/** The sum the editor shows, to the hundredth. */
export function paletteSum(entries: readonly PaletteEntry[]): number {
  return entries.reduce((sum, e) => sum + toHundredths(e.ratio), 0) / 100;
}

/** `total` hundredths shared by `weights`, each at least one hundredth (largest remainder). */
function share(weights: readonly number[], total: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const spare = total - n;
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  const exact = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * spare : spare / n));
  const out = exact.map(Math.floor);
  let left = spare - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]! += 1;
    left--;
  }
  return out.map((h) => h + 1);
}

/**
 * One colour's ratio set (clamped so every other colour keeps at least 0.01 %); the others share
 * the rest in proportion to their current ratios.
 */
export function setRatio(entries: readonly PaletteEntry[], index: number, ratio: number): PaletteEntry[] {
  if (!entries[index] || !Number.isFinite(ratio)) return [...entries];
  const others = entries.length - 1;
  const target = Math.min(Math.max(toHundredths(ratio), 1), 10_000 - others);
  const rest = share(
    entries.filter((_, i) => i !== index).map((e) => e.ratio),
    10_000 - target,
  );
  let k = 0;
  return entries.map((e, i) => ({ hex: e.hex, ratio: (i === index ? target : rest[k++]!) / 100 }));
}

/** A new colour takes an equal share (100 / n); the others shrink in proportion. */
export function addColor(entries: readonly PaletteEntry[], hex: string): PaletteEntry[] {
  if (entries.length >= PALETTE_LIMITS.maxColors) return [...entries];
  const next = [...entries, { hex, ratio: 0 }];
  if (entries.length === 0) return normalizeRatios([1]).map((ratio) => ({ hex, ratio }));
  return setRatio(next, next.length - 1, 100 / next.length);
}

/** The others grow in proportion to fill what the removed colour had. */
export function removeColor(entries: readonly PaletteEntry[], index: number): PaletteEntry[] {
  if (entries.length <= PALETTE_LIMITS.minColors || !entries[index]) return [...entries];
  const rest = entries.filter((_, i) => i !== index);
  const ratios = normalizeRatios(rest.map((e) => e.ratio));
  return rest.map((e, i) => ({ hex: e.hex, ratio: ratios[i]! }));
}

export function evenRatios(entries: readonly PaletteEntry[]): PaletteEntry[] {
  const ratios = normalizeRatios(entries.map(() => 1));
  return entries.map((e, i) => ({ hex: e.hex, ratio: ratios[i]! }));
}

export function setHex(entries: readonly PaletteEntry[], index: number, hex: string): PaletteEntry[] {
  return entries.map((e, i) => (i === index ? { hex, ratio: e.ratio } : e));
}

/** `#abc`, `abc`, `#AABBCC` → `#AABBCC`; anything else → undefined (the field shows it as invalid). */
export function normalizeHex(text: string): string | undefined {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return `#${digits.toUpperCase()}`;
}

/** A colour for "add colour" that is not already in the palette. */
export function nextColor(entries: readonly PaletteEntry[]): string {
  const used = new Set(entries.map((e) => e.hex.toUpperCase()));
  const candidates = ['#8FA98F', '#D98C6A', '#6A7FD9', '#E6D3B3', '#3B3B3B', '#B35C7A', '#5CB3A8', '#F0F0F0'];
  return candidates.find((c) => !used.has(c)) ?? '#808080';
}
