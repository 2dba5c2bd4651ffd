import { describe, expect, it } from 'vitest';
import { capRefusal, defaultPrice, estimateRows, type Price } from '../../../src/shared/batch/pricing';

const row = (model: string, n = 1, size = '1024x1024', isSequential = false) => ({ model, n, size, isSequential });
const usd: (model: string) => Price = (model) => defaultPrice('http://gateway.test/v1', model);

describe('prices and estimates', () => {
  it('defaults: international list price, CNY at the Beijing endpoint', () => {
    expect(usd('wan2.7-image-pro')).toEqual({ perImage: 0.075, currency: 'USD', source: 'default' });
    expect(usd('wan2.7-image').perImage).toBe(0.03);
    expect(defaultPrice('https://dashscope.aliyuncs.com/api/v1', 'wan2.7-image')).toMatchObject({
      perImage: 0.2,
      currency: 'CNY',
    });
    expect(defaultPrice('https://dashscope-intl.aliyuncs.com/api/v1', 'wan2.7-image').currency).toBe('USD');
  });

  it('counts images at n, prices them per model, and takes the slower limit for time', () => {
    const e = estimateRows([row('wan2.7-image-pro', 4), row('wan2.7-image', 2), row('wan2.7-image', 1)], usd);
    expect(e).toMatchObject({ generations: 3, images: 7, cost: 0.39, currency: 'USD' });
    expect(e.byModel.map((m) => [m.model, m.images, m.cost])).toEqual([
      ['wan2.7-image-pro', 4, 0.3],
      ['wan2.7-image', 3, 0.09],
    ]);
    // 3 tasks of 20 s over 5 slots: 60 / 5 = 12 s (the rate limit would allow them in 0.6 s).
    expect(e.seconds).toBe(12);
    // 4K takes twice as long, an image set half a task per extra image; 100 quick rows are paced by 5 creates/s.
    expect(estimateRows([row('wan2.7-image-pro', 1, '4096x4096')], usd).seconds).toBe(8);
    expect(estimateRows([row('wan2.7-image', 5, '1024x1024', true)], usd).seconds).toBe(12);
    expect(
      estimateRows(
        Array.from({ length: 100 }, () => row('wan2.7-image')),
        usd,
        { concurrency: 5, createsPerSecond: 5, taskSeconds: 0.1 },
      ).seconds,
    ).toBe(20);
  });

  it('refuses past a cap in either language; at the cap is allowed; mixed currencies cannot be capped', () => {
    const e = estimateRows([row('wan2.7-image', 3)], usd);
    expect(capRefusal(e, { maxImages: 3, maxCost: 0.09 })).toBeNull();
    expect(capRefusal(e, { maxImages: 2 })).toMatch(/can make 3 images, past the cap of 2/);
    expect(capRefusal(e, { maxImages: 2 }, 'zh-CN')).toMatch(/最多会生成 3 张图，超过上限 2 张/);
    expect(capRefusal(e, { maxCost: 0.05 })).toMatch(/can cost 0\.090 USD, past the cap of 0\.050 USD/);
    const mixed = estimateRows([row('wan2.7-image'), row('wan2.7-image-pro')], (m) =>
      m === 'wan2.7-image' ? usd(m) : { perImage: 0.5, currency: 'CNY', source: 'custom' },
    );
    expect(mixed.cost).toBeNull();
    expect(capRefusal(mixed, { maxCost: 100 })).toMatch(/different currencies/);
    expect(capRefusal(mixed, { maxImages: 10 })).toBeNull();
  });
});
