import { describe, expect, it } from 'vitest';
import { generationRequestSchema } from '../../../src/shared/generation-request';
import { applyTwinChange, planTwin, sizeOnModel, twinSizes } from '../../../src/shared/compare/twin-request';

const parameters = { isSequential: false, thinkingMode: true, watermark: false, responseFormat: 'url' as const };
const source = (over: Record<string, unknown> = {}) => ({
  model: 'wan2.7-image-pro',
  prompt: 'a lighthouse',
  size: '1024x1024',
  parameters,
  referenceCount: 0,
  ...over,
});
const request = {
  model: 'wan2.7-image-pro',
  prompt: 'a lighthouse',
  size: '4096x2304',
  n: 1,
  seed: 9,
  isSequential: false,
  thinkingMode: true,
};

describe('planTwin', () => {
  it('flips thinking, only where upstream applies it', () => {
    expect(planTwin(source(), 'thinking')).toEqual({ ok: true, change: { thinkingMode: false } });
    expect(planTwin(source({ parameters: { ...parameters, thinkingMode: false } }), 'thinking')).toEqual({
      ok: true,
      change: { thinkingMode: true },
    });
    expect(planTwin(source({ referenceCount: 1 }), 'thinking')).toEqual({ ok: false, block: 'thinking_not_applied' });
    expect(planTwin(source({ parameters: { ...parameters, isSequential: true } }), 'thinking')).toEqual({
      ok: false,
      block: 'thinking_not_applied',
    });
  });

  it('moves to the other model, bringing a 4K size down to the 2K of the same ratio', () => {
    expect(planTwin(source(), 'model')).toEqual({ ok: true, change: { model: 'wan2.7-image' } });
    expect(planTwin(source({ size: '4096x2304' }), 'model')).toEqual({
      ok: true,
      change: { model: 'wan2.7-image', size: '2688x1536' },
    });
    expect(planTwin(source({ model: 'wan2.7-image', size: '2048x2048' }), 'model')).toEqual({
      ok: true,
      change: { model: 'wan2.7-image-pro' },
    });
    expect(sizeOnModel(source({ size: '3072x4096' }), 'wan2.7-image')).toBe('1728x2368');
  });

  it('offers 4K sizes only to plain text on the pro model', () => {
    expect(twinSizes(source(), 'wan2.7-image-pro')).toContain('4096x4096');
    expect(twinSizes(source(), 'wan2.7-image')).not.toContain('4096x4096');
    expect(twinSizes(source({ referenceCount: 2 }), 'wan2.7-image-pro')).not.toContain('4096x4096');
    expect(planTwin(source(), 'size', '4096x4096')).toEqual({ ok: true, change: { size: '4096x4096' } });
    expect(planTwin(source({ model: 'wan2.7-image' }), 'size', '4096x4096')).toEqual({
      ok: false,
      block: 'no_other_size',
    });
    // The same size is no twin.
    expect(planTwin(source(), 'size', '1024x1024')).toEqual({ ok: false, block: 'no_other_size' });
  });

  it('refuses what cannot be sent again', () => {
    expect(planTwin(source({ model: 'unknown' }), 'thinking')).toEqual({ ok: false, block: 'not_rerunnable' });
    expect(planTwin(source({ prompt: '  ' }), 'model')).toEqual({ ok: false, block: 'not_rerunnable' });
  });
});

describe('applyTwinChange', () => {
  it('lays the change over the request and yields a valid one', () => {
    const plan = planTwin(source({ size: '4096x2304' }), 'model');
    if (!plan.ok) throw new Error('no plan');
    const twin = applyTwinChange(request, plan.change);
    expect(twin).toMatchObject({ model: 'wan2.7-image', size: '2688x1536', seed: 9, thinkingMode: true });
    expect(generationRequestSchema.safeParse(twin).success).toBe(true);
    // Only the model changed, the 4K size kept: the schema refuses it.
    expect(generationRequestSchema.safeParse(applyTwinChange(request, { model: 'wan2.7-image' })).success).toBe(false);
  });
});
