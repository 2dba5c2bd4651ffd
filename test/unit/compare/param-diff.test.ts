import { describe, expect, it } from 'vitest';
import { diffParameters, differingKeys, type CompareSource } from '../../../src/shared/compare/param-diff';

const base: CompareSource = {
  generation: {
    prompt: '海边的灯塔',
    model: 'wan2.7-image-pro',
    size: '1024x1024',
    seed: 42,
    n: 1,
    parameters: { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' },
    revisedPrompts: ['海边的灯塔，黄昏'],
  },
  references: [],
  width: 1024,
  height: 1024,
  index: 0,
};

const withGen = (over: Partial<CompareSource['generation']>, more: Partial<CompareSource> = {}): CompareSource => ({
  ...base,
  ...more,
  generation: { ...base.generation, ...over },
});

describe('diffParameters', () => {
  it('marks nothing for two records alike', () => {
    expect(differingKeys(diffParameters([base, base]))).toEqual([]);
  });

  it('marks exactly the rows that differ, among up to four images', () => {
    const rows = diffParameters([
      base,
      withGen({ parameters: { ...base.generation.parameters, thinkingMode: false } }),
      withGen({ model: 'wan2.7-image', size: '1696x960' }, { width: 1696, height: 960 }),
      base,
    ]);
    expect(differingKeys(rows)).toEqual(['model', 'size', 'thinking', 'pixels']);
    expect(rows.find((r) => r.key === 'thinking')?.values).toEqual([true, false, true, true]);
    expect(rows.find((r) => r.key === 'seed')).toMatchObject({ values: [42, 42, 42, 42], isDifferent: false });
  });

  it('compares palettes, references in order, and each image’s own revised prompt', () => {
    const palette = [
      { hex: '#112233', ratio: 50 },
      { hex: '#445566', ratio: 50 },
    ];
    const a = withGen(
      { parameters: { ...base.generation.parameters, palette } },
      { references: ['a'.repeat(64), 'b'.repeat(64)] },
    );
    const b = withGen(
      { parameters: { ...base.generation.parameters, colorPalette: '暖色调' }, revisedPrompts: ['一', '二'] },
      { references: ['b'.repeat(64), 'a'.repeat(64)], index: 1 },
    );
    const rows = diffParameters([a, b]);
    expect(rows.find((r) => r.key === 'palette')?.values).toEqual(['#112233 50%, #445566 50%', '暖色调']);
    expect(rows.find((r) => r.key === 'references')?.values).toEqual(['aaaaaaaa, bbbbbbbb', 'bbbbbbbb, aaaaaaaa']);
    expect(rows.find((r) => r.key === 'revisedPrompt')?.values).toEqual(['海边的灯塔，黄昏', '二']);
    expect(differingKeys(rows)).toEqual(['palette', 'references', 'revisedPrompt']);
  });
});
