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
