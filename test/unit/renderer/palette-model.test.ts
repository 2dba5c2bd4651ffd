import { describe, expect, it } from 'vitest';
import { isPaletteBalanced } from '../../../src/shared/capabilities';
import {
  addColor,
  defaultPalette,
  evenRatios,
  normalizeHex,
  paletteSum,
  removeColor,
  setHex,
  setRatio,
  type PaletteEntry,
} from '../../../src/renderer/src/features/studio/palette-model';

const palette = (...ratios: number[]): PaletteEntry[] => ratios.map((ratio, i) => ({ hex: `#00000${i}`, ratio }));

const ratios = (entries: readonly PaletteEntry[]): number[] => entries.map((e) => e.ratio);

describe('palette editor logic', () => {
  it('starts from three colours summing to exactly 100.00', () => {
    const start = defaultPalette();
    expect(ratios(start)).toEqual([33.34, 33.33, 33.33]);
    expect(paletteSum(start)).toBe(100);
  });

  it('rebalances the others in proportion when one ratio changes', () => {
    const next = setRatio(palette(50, 30, 20), 0, 60);
    expect(ratios(next)).toEqual([60, 24, 16]);
    expect(isPaletteBalanced(next)).toBe(true);
  });

  it('keeps every other colour at 0.01 % at least, and the sum at 100.00 for awkward values', () => {
    const next = setRatio(palette(40, 30, 30), 1, 100);
    expect(ratios(next)).toEqual([0.01, 99.98, 0.01]);
    for (const value of [33.333, 0, -5, 12.345, 99.99, 7.77]) {
      const entries = setRatio(palette(23.51, 40, 36.49), 2, value);
      expect(paletteSum(entries)).toBe(100);
      expect(entries.every((e) => e.ratio >= 0.01 && Number(e.ratio.toFixed(2)) === e.ratio)).toBe(true);
    }
  });

  it('adding a colour gives it an equal share and keeps 100.00', () => {
    const next = addColor(palette(50, 30, 20), '#ABCDEF');
    expect(next).toHaveLength(4);
    expect(next[3]).toEqual({ hex: '#ABCDEF', ratio: 25 });
    expect(ratios(next)).toEqual([37.5, 22.5, 15, 25]);
    expect(paletteSum(next)).toBe(100);
  });

  it('removing a colour hands its share to the others and keeps 100.00', () => {
    const next = removeColor(palette(25, 25, 25, 25), 1);
    expect(ratios(next)).toEqual([33.34, 33.33, 33.33]);
    expect(paletteSum(removeColor(palette(10, 20.01, 30, 39.99), 3))).toBe(100);
  });

  it('never goes below 3 or above 10 colours', () => {
    expect(removeColor(palette(40, 30, 30), 0)).toHaveLength(3);
    let many = defaultPalette();
    for (let i = 0; i < 12; i++) many = addColor(many, `#1${i}1111`.slice(0, 7));
    expect(many).toHaveLength(10);
    expect(paletteSum(many)).toBe(100);
  });

  it('evens out, edits a hex and reads hex the way people type it', () => {
    expect(ratios(evenRatios(palette(90, 5, 5)))).toEqual([33.34, 33.33, 33.33]);
    expect(setHex(palette(50, 30, 20), 1, '#FF0000')[1]).toEqual({ hex: '#FF0000', ratio: 30 });
    expect(normalizeHex('abc')).toBe('#AABBCC');
    expect(normalizeHex(' #1f2a44 ')).toBe('#1F2A44');
    expect(normalizeHex('#12345')).toBeUndefined();
    expect(normalizeHex('red')).toBeUndefined();
  });
});
