import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  buildRequestInput,
  fitSize,
  formFromRecord,
  randomSeed,
  sizeGroupsFor,
  validateForm,
  withModel,
  withSequential,
  setEntryOf,
  SET_DEFAULT_N,
  type StudioForm,
} from '../../../src/renderer/src/features/studio/studio-form';
import { SEED_MAX } from '../../../src/shared/models';
import { makeRecord } from './fixtures';

const form = (patch: Partial<StudioForm> = {}): StudioForm => ({ ...DEFAULT_FORM, prompt: 'a cat', ...patch });

function blockOf(model: 'wan2.7-image-pro' | 'wan2.7-image', isSequential: boolean, size: string) {
  const choice = sizeGroupsFor(model, isSequential)
    .flatMap((g) => g.choices)
    .find((c) => c.id === size);
  if (!choice) throw new Error(`size ${size} not listed`);
  return choice.block;
}

describe('size choices', () => {
  it('lists every ratio in a fixed order, 4K before 2K before 1K', () => {
    const groups = sizeGroupsFor('wan2.7-image-pro', false);
    expect(groups.map((g) => g.ratio)).toEqual(['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3']);
    expect(groups[0]!.choices.map((c) => c.tier)).toEqual(['4K', '2K', '1K']);
    expect(groups[5]!.choices.map((c) => c.id)).toEqual(['1248x832']);
  });

  it('enables 4K only for the Pro model outside image-set mode', () => {
    expect(blockOf('wan2.7-image-pro', false, '4096x4096')).toBeNull();
    expect(blockOf('wan2.7-image-pro', true, '4096x4096')).toBe('sequential');
    expect(blockOf('wan2.7-image', false, '4096x2304')).toBe('model');
    expect(blockOf('wan2.7-image', true, '4096x2304')).toBe('model');
    expect(blockOf('wan2.7-image', true, '2048x2048')).toBeNull();
  });

  it('keeps 4K visible (disabled) under the 2K model instead of hiding it', () => {
    const all = sizeGroupsFor('wan2.7-image', false).flatMap((g) => g.choices);
    expect(all.filter((c) => c.tier === '4K')).toHaveLength(5);
  });

  it('falls back to the largest allowed size of the same shape', () => {
    expect(fitSize('wan2.7-image-pro', true, '4096x4096')).toBe('2048x2048');
    expect(fitSize('wan2.7-image', false, '4096x2304')).toBe('2688x1536');
    expect(fitSize('wan2.7-image-pro', false, '1248x832')).toBe('1248x832');
    expect(fitSize('wan2.7-image', false, 'nonsense')).toBe('2048x2048');
  });
});

describe('mode changes', () => {
  it('clamps n to 4 when leaving image-set mode, and keeps it when entering', () => {
    const set = withSequential(form({ n: 3 }), true);
    expect(set.n).toBe(3);
    const single = withSequential({ ...set, n: 12 }, false);
    expect(single.n).toBe(4);
  });

  it('raises one image to the set default when image sets are switched on, and puts it back after', () => {
    const single = form({ n: 1 });
    const set = withSequential(single, true);
    expect(set.n).toBe(SET_DEFAULT_N);
    const entry = setEntryOf(single, set);
    expect(entry).toEqual({ n: 1, raisedTo: SET_DEFAULT_N });
    expect(withSequential(set, false, entry).n).toBe(1);
    // A count the person changed while in set mode is theirs: only clamped when leaving.
    expect(withSequential({ ...set, n: 6 }, false, entry).n).toBe(4);
    expect(withSequential({ ...set, n: 3 }, false, entry).n).toBe(3);
  });

  it('moves a 4K size to 2K when image-set mode is switched on', () => {
    expect(withSequential(form({ size: '3072x4096' }), true).size).toBe('1728x2368');
  });

  it('moves a 4K size to 2K when switching to the 2K model', () => {
    expect(withModel(form({ size: '4096x3072' }), 'wan2.7-image').size).toBe('2368x1728');
  });
});

describe('seed', () => {
  it('draws within 0..2147483647', () => {
    expect(randomSeed(() => 0)).toBe(0);
    expect(randomSeed(() => 0.9999999999)).toBe(SEED_MAX);
    expect(randomSeed(() => 0.5)).toBe(1073741824);
  });

  it('sends the typed seed only when locked', () => {
    expect(buildRequestInput(form({ seedText: '77', isSeedLocked: true })).seed).toBe(77);
    expect('seed' in buildRequestInput(form({ seedText: '77', isSeedLocked: false }))).toBe(false);
    expect('seed' in buildRequestInput(form({ seedText: '  ', isSeedLocked: true }))).toBe(false);
  });

  it('refuses a half-number instead of reading its digits', () => {
    const result = validateForm(form({ seedText: '12abc', isSeedLocked: true }), 'zh-CN');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.seed).toContain('种子');
  });
});

describe('request built from the form', () => {
  it('carries every field and validates', () => {
    const input = buildRequestInput(
      form({ model: 'wan2.7-image', size: '1696x960', n: 2, colorPalette: ' 暖色调 ', watermark: true, mode: 'sync' }),
    );
    expect(input).toEqual({
      model: 'wan2.7-image',
      prompt: 'a cat',
      size: '1696x960',
      n: 2,
      isSequential: false,
      thinkingMode: true,
      colorPalette: '暖色调',
      watermark: true,
      responseFormat: 'url',
      mode: 'sync',
    });
    expect(validateForm(form({ model: 'wan2.7-image', size: '1696x960' }), 'en').ok).toBe(true);
  });

  it('leaves the colour theme out of an image set rather than failing validation', () => {
    const setForm = form({ isSequential: true, n: 8, colorPalette: '黑白' });
    expect(buildRequestInput(setForm).colorPalette).toBeUndefined();
    expect(validateForm(setForm, 'en').ok).toBe(true);
  });

  it('reports errors per field in the chosen language', () => {
    const result = validateForm(form({ prompt: '', n: 9 }), 'en');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.prompt).toBe('Write a prompt first.');
    expect(result.fieldErrors.n).toMatch(/1 to 4/);
  });
});

describe('formFromRecord', () => {
  it('round-trips a record into the same request', () => {
    const record = makeRecord();
    const input = buildRequestInput(formFromRecord(record));
    expect(input).toMatchObject({
      model: record.model,
      prompt: record.prompt,
      size: record.size,
      n: record.n,
      seed: record.seed,
      isSequential: false,
      thinkingMode: false,
      colorPalette: '冷色调',
      watermark: true,
      mode: 'sync',
    });
  });

  it('locks the seed so the image can be reproduced', () => {
    const f = formFromRecord(makeRecord({ seed: 0 }));
    expect(f).toMatchObject({ seedText: '0', isSeedLocked: true });
  });

  it('keeps an image set with up to 12 images', () => {
    const f = formFromRecord(
      makeRecord({
        n: 12,
        parameters: { isSequential: true, thinkingMode: true, watermark: false, responseFormat: 'url' },
      }),
    );
    expect(f).toMatchObject({ isSequential: true, n: 12, colorPalette: '' });
  });
});

describe('validation of half-typed numbers', () => {
  it('still reports the other fields when the seed is not a number', () => {
    const result = validateForm(form({ prompt: '', seedText: 'abc', isSeedLocked: true }), 'en');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.prompt).toBe('Write a prompt first.');
    expect(result.fieldErrors.seed).toMatch(/whole number/);
  });

  it('reports an emptied image count as out of range', () => {
    const result = validateForm(form({ n: Number.NaN }), 'en');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.n).toMatch(/1 to 4/);
  });
});
