import { describe, expect, it } from 'vitest';
import { validateGenerationRequest } from '../../src/shared/generation-request';

const base = { model: 'wan2.7-image-pro', prompt: '一间有着精致窗户的花店' };

function errorsOf(input: unknown, locale: 'en' | 'zh-CN' = 'en'): Record<string, string | undefined> {
  const result = validateGenerationRequest(input, locale);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.fieldErrors;
}

describe('generation request schema', () => {
  it('fills defaults from the API documentation', () => {
    const result = validateGenerationRequest(base);
    expect(result).toEqual({
      ok: true,
      value: {
        model: 'wan2.7-image-pro',
        prompt: base.prompt,
        size: '1024x1024',
        n: 1,
        isSequential: false,
        thinkingMode: true,
        watermark: false,
        responseFormat: 'url',
        mode: 'async',
        colorPalette: undefined,
      },
    });
  });

  it('refuses an empty prompt, in both languages', () => {
    expect(errorsOf({ ...base, prompt: '   ' }).prompt).toBe('Write a prompt first.');
    expect(errorsOf({ ...base, prompt: '' }, 'zh-CN').prompt).toBe('请先输入提示词。');
  });

  it('refuses a prompt past 5000 characters, counting Chinese characters as one each', () => {
    expect(validateGenerationRequest({ ...base, prompt: '花'.repeat(5000) }).ok).toBe(true);
    expect(errorsOf({ ...base, prompt: '花'.repeat(5001) }).prompt).toContain('5001');
  });

  it('refuses a size the model does not offer and 4K in image-set mode', () => {
    expect(errorsOf({ ...base, model: 'wan2.7-image', size: '4096x4096' }).size).toBe(
      'wan2.7-image does not offer 4096x4096.',
    );
    expect(errorsOf({ ...base, size: '4096x4096', isSequential: true, n: 4 }, 'zh-CN').size).toContain(
      '组图模式不支持 4K',
    );
    expect(errorsOf({ ...base, size: '2048*2048' }).size).toBe('Size must look like 2048x2048.');
    expect(validateGenerationRequest({ ...base, size: '4096x4096' }).ok).toBe(true);
  });

  it('limits n to 1-4, or 1-12 for an image set', () => {
    expect(errorsOf({ ...base, n: 5 }).n).toContain('1 to 4');
    expect(errorsOf({ ...base, n: 0 }).n).toBeDefined();
    expect(errorsOf({ ...base, n: 1.5 }).n).toBeDefined();
    expect(validateGenerationRequest({ ...base, n: 12, isSequential: true }).ok).toBe(true);
    expect(errorsOf({ ...base, n: 13, isSequential: true }).n).toContain('1 to 12');
  });

  it('limits the seed to 0..2147483647', () => {
    expect(validateGenerationRequest({ ...base, seed: 0 }).ok).toBe(true);
    expect(validateGenerationRequest({ ...base, seed: 2147483647 }).ok).toBe(true);
    expect(errorsOf({ ...base, seed: 2147483648 }).seed).toContain('2147483647');
    expect(errorsOf({ ...base, seed: -1 }, 'zh-CN').seed).toBe('种子须为 0 到 2147483647 之间的整数。');
  });

  it('refuses a colour theme for an image set, and trims it otherwise', () => {
    expect(errorsOf({ ...base, colorPalette: '暖色调', isSequential: true }).colorPalette).toContain('single images');
    const ok = validateGenerationRequest({ ...base, colorPalette: '  莫兰迪色系 ' });
    expect(ok.ok && ok.value.colorPalette).toBe('莫兰迪色系');
  });

  it('names an unknown model and never accepts unsupported fields silently', () => {
    expect(errorsOf({ ...base, model: 'wan2.5' }).model).toContain('wan2.5');
    expect(errorsOf({ ...base, n: 'two' }).n).toBe('This value is not valid.');
  });
});

describe('mode rules: references, boxes and exact palettes', () => {
  const sha = (c: string): string => c.repeat(64);
  const base = { prompt: '把图 1 的钟放到图 2 的框里', model: 'wan2.7-image-pro', size: '2048x2048' };
  const errors = (input: Record<string, unknown>) => {
    const r = validateGenerationRequest({ ...base, ...input });
    return r.ok ? {} : r.fieldErrors;
  };

  it('takes 1–9 references with up to 2 boxes each, and no 4K or thinking mode with them', () => {
    const ok = validateGenerationRequest({
      ...base,
      references: [{ sha256: sha('a') }, { sha256: sha('b'), boxes: [[989, 515, 1138, 681]] }],
    });
    expect(ok.ok && ok.value.references).toEqual([
      { sha256: sha('a'), boxes: [] },
      { sha256: sha('b'), boxes: [[989, 515, 1138, 681]] },
    ]);
    // Upstream applies thinking mode to plain text-to-image only: not kept as on.
    expect(ok.ok && ok.value.thinkingMode).toBe(false);
    const tenth = Array.from({ length: 10 }, (_, i) => ({ sha256: sha(String(i)) }));
    expect(errors({ references: tenth }).references).toContain('At most 9');
    expect(errors({ references: [{ sha256: sha('a') }], size: '4096x4096' }).size).toContain('text-to-image only');
    const three = [
      [0, 0, 10, 10],
      [5, 5, 20, 20],
      [1, 1, 2, 2],
    ];
    expect(errors({ references: [{ sha256: sha('a'), boxes: three }] }).boxes).toContain('more than 2');
    expect(errors({ references: [{ sha256: sha('a'), boxes: [[10, 10, 5, 20]] }] }).boxes).toContain('x2 > x1');
    expect(
      errors({ references: [{ sha256: sha('a'), boxes: [[0, 0, 5, 5]] }], isSequential: true, size: '2048x2048' })
        .boxes,
    ).toContain('do not apply to image sets');
  });

  it('takes a palette of 3–10 colours whose shares sum to exactly 100%, not in image sets', () => {
    const palette = [
      { hex: '#c2d1e6', ratio: 23.51 },
      { hex: '#1F2A44', ratio: 40 },
      { hex: '#F2C14E', ratio: 36.49 },
    ];
    const ok = validateGenerationRequest({ ...base, palette });
    expect(ok.ok && ok.value.palette?.[0]).toEqual({ hex: '#C2D1E6', ratio: 23.51 });
    expect(errors({ palette: palette.slice(0, 2) }).palette).toContain('3 to 10');
    expect(errors({ palette: [...palette.slice(0, 2), { hex: '#F2C14E', ratio: 36 }] }).palette).toContain('99.51%');
    expect(errors({ palette: [...palette.slice(0, 2), { hex: 'yellow', ratio: 36.49 }] }).palette).toContain('yellow');
    expect(errors({ palette, isSequential: true }).palette).toContain('not to image sets');
  });
});
