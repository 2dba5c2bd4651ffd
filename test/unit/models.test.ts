import { describe, expect, it } from 'vitest';
import { MODELS, countChars, findSize, maxImagesFor, parseSize, sizesFor } from '../../src/shared/models';

describe('model catalogue', () => {
  it('offers 4K only on the pro model', () => {
    expect(MODELS['wan2.7-image-pro'].sizes.filter((s) => s.tier === '4K').map((s) => s.id)).toEqual([
      '4096x4096',
      '4096x2304',
      '2304x4096',
      '4096x3072',
      '3072x4096',
    ]);
    expect(MODELS['wan2.7-image'].sizes.some((s) => s.tier === '4K')).toBe(false);
    expect(MODELS['wan2.7-image'].sizes).toHaveLength(12);
    expect(MODELS['wan2.7-image-pro'].sizes).toHaveLength(17);
  });

  it('drops 4K from image-set mode', () => {
    expect(sizesFor('wan2.7-image-pro', true).some((s) => s.tier === '4K')).toBe(false);
    expect(sizesFor('wan2.7-image-pro', false).some((s) => s.tier === '4K')).toBe(true);
  });

  it('allows 4 images, or 12 in an image set', () => {
    expect(maxImagesFor('wan2.7-image', false)).toBe(4);
    expect(maxImagesFor('wan2.7-image', true)).toBe(12);
  });

  it('knows each size by its exact WxH and its ratio', () => {
    expect(findSize('wan2.7-image', '2688x1536')).toMatchObject({ width: 2688, height: 1536, ratio: '16:9' });
    expect(findSize('wan2.7-image', '2048X2048')).toBeUndefined();
    expect(parseSize('1248x832')).toEqual({ width: 1248, height: 832 });
    expect(parseSize('1248*832')).toBeUndefined();
  });

  it('counts characters as a person does, not UTF-16 units', () => {
    expect(countChars('花店🌸')).toBe(3);
    expect('花店🌸'.length).toBe(4);
  });
});
