import { describe, expect, it } from 'vitest';
import {
  applyFragments,
  applyPreset,
  joinFragments,
  presetBodySchema,
  type PresetTarget,
} from '../../src/shared/prompts/preset';

const preset = presetBodySchema.parse({
  prefix: '水彩画',
  suffix: 'soft light',
  palette: [
    { hex: '#112233', ratio: 50 },
    { hex: '#445566', ratio: 30 },
    { hex: '#778899', ratio: 20 },
  ],
  options: { model: 'wan2.7-image-pro', thinkingMode: false, n: 2 },
});

describe('style presets', () => {
  it('joins fragments with a comma only where there is no boundary, full-width for Chinese', () => {
    expect(joinFragments('水彩画', '一只猫')).toBe('水彩画\uFF0C一只猫');
    expect(joinFragments('a cat', 'soft light')).toBe('a cat, soft light');
    expect(joinFragments('a cat.', 'soft light')).toBe('a cat.soft light');
    expect(joinFragments('', 'x')).toBe('x');
  });

  it('wraps the prompt once: applying twice changes nothing', () => {
    const once = applyFragments('一只猫', preset);
    expect(once).toBe('水彩画\uFF0C一只猫\uFF0Csoft light');
    expect(applyFragments(once, preset)).toBe(once);
    expect(applyFragments('', { prefix: '', suffix: '' })).toBe('');
  });

  it('sets its options and palette over the target, except the fields given explicitly', () => {
    const target: PresetTarget = {
      prompt: 'a fox',
      model: 'wan2.7-image',
      n: 1,
      thinkingMode: true,
      size: '1024x1024',
    };
    const all = applyPreset(target, preset);
    expect(all).toMatchObject({ model: 'wan2.7-image-pro', n: 2, thinkingMode: false, size: '1024x1024' });
    expect(all.palette).toHaveLength(3);
    expect(all.prompt).toBe('水彩画\uFF0Ca fox, soft light');
    const kept = applyPreset(target, preset, new Set(['model', 'palette']));
    expect(kept).toMatchObject({ model: 'wan2.7-image', n: 2, thinkingMode: false });
    expect(kept.palette).toBeUndefined();
    // The target itself is left as it was.
    expect(target).toEqual({ prompt: 'a fox', model: 'wan2.7-image', n: 1, thinkingMode: true, size: '1024x1024' });
  });
});
