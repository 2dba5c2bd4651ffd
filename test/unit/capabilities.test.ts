import { describe, expect, it } from 'vitest';
import {
  MODE_RULES,
  isPaletteBalanced,
  modeOf,
  normalizeRatios,
  parsePaletteText,
  ratioText,
} from '../../src/shared/capabilities';

describe('the mode table', () => {
  it('names the mode from sequential and references, with its rules', () => {
    expect(modeOf({ isSequential: false })).toBe('text');
    expect(modeOf({ isSequential: false, references: [1] })).toBe('edit');
    expect(modeOf({ isSequential: true })).toBe('set');
    expect(modeOf({ isSequential: true, references: [1] })).toBe('edit-set');
    expect(MODE_RULES.text).toMatchObject({ allows4K: true, hasThinking: true, n: { max: 4 } });
    expect(MODE_RULES.set).toMatchObject({ allows4K: false, allowsPalette: false, allowsBoxes: false, n: { max: 12 } });
    expect(MODE_RULES.edit).toMatchObject({ allows4K: false, hasThinking: false, allowsBoxes: true });
  });
});

describe('palettes', () => {
  it('rebalances any weights to shares that sum to exactly 100.00', () => {
    for (const weights of [
      [1, 1, 1],
      [3, 7, 11, 13],
      [0, 0, 5],
      [1, 1, 1, 1, 1, 1, 1],
    ]) {
      const ratios = normalizeRatios(weights);
      expect(ratios.reduce((a, b) => a + Math.round(b * 100), 0)).toBe(10_000);
      expect(isPaletteBalanced(ratios.map((ratio) => ({ hex: '#000000', ratio })))).toBe(true);
    }
    expect(normalizeRatios([1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
  });

  it('reads the CLI form and writes the native ratio', () => {
    expect(parsePaletteText('#c2d1e6:23.51, #1F2A44:40%,#F2C14E:36.49')).toEqual([
      { hex: '#C2D1E6', ratio: 23.51 },
      { hex: '#1F2A44', ratio: 40 },
      { hex: '#F2C14E', ratio: 36.49 },
    ]);
    expect(parsePaletteText('red:50,#000000:50')).toBeUndefined();
    expect(ratioText(40)).toBe('40.00%');
  });
});
