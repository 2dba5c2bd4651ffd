import { afterEach, describe, expect, it } from 'vitest';
import type { UsageRow } from '../../../src/shared/batch/batch-types';
import { budgetShare, projectMonth } from '../../../src/renderer/src/features/usage/budget-model';
import { usageCsv } from '../../../src/renderer/src/features/usage/usage-csv';
import {
  bucketRows,
  chartPeriod,
  MAX_BARS,
  currenciesOf,
  dayKeyOf,
  monthStartOf,
  niceScale,
  periodKeys,
  sinceOf,
  weekKeyOf,
} from '../../../src/renderer/src/features/usage/usage-math';

const row = (key: string, images: number, cost: Record<string, number> = {}, possibly = 0): UsageRow => ({
  key,
  generations: images,
  images,
  billedImages: images,
  possiblyBilledImages: possibly,
  cost,
  possibleCost: possibly ? { USD: possibly * 0.03 } : {},
});

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('usage chart maths', () => {
  it('names a week by its Monday, across month and year ends', () => {
    expect(weekKeyOf('2026-12-01')).toBe('2026-11-30'); // a Tuesday
    expect(weekKeyOf('2026-11-30')).toBe('2026-11-30'); // the Monday itself
    expect(weekKeyOf('2026-12-06')).toBe('2026-11-30'); // Sunday ends the week
    expect(weekKeyOf('2027-01-01')).toBe('2026-12-28');
  });

  it('lists every period between two days, filling gaps', () => {
    expect(periodKeys('2026-02-27', '2026-03-02', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(periodKeys('2026-11-15', '2027-02-01', 'month')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodKeys('2026-11-25', '2026-12-09', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
  });

  it('sums day rows into weeks and months with empty periods as zero', () => {
    const days = [row('2026-11-02', 2, { USD: 0.15 }), row('2026-11-03', 1, { USD: 0.075 }, 2), row('2026-11-20', 4)];
    const weeks = bucketRows(days, 'week', '2026-11-22', '2026-11-02');
    expect(weeks.map((w) => [w.key, w.images])).toEqual([
      ['2026-11-02', 3],
      ['2026-11-09', 0],
      ['2026-11-16', 4],
    ]);
    expect(weeks[0]!.cost).toEqual({ USD: 0.225 });
    expect(weeks[0]!.possiblyBilledImages).toBe(2);
    const months = bucketRows(days, 'month', '2026-12-01');
    expect(months.map((m) => [m.key, m.images])).toEqual([
      ['2026-11', 7],
      ['2026-12', 0],
    ]);
    expect(bucketRows([], 'day', '2026-12-01')).toEqual([]);
  });

  it('starts ranges at local midnight in the person’s time zone, across a DST change', () => {
    process.env.TZ = 'America/New_York';
    // 2026-11-01 is the end of DST there: 30 days before Dec 1 crosses it.
    const now = new Date('2026-12-01T15:00:00Z'); // 10:00 in New York
    const since = sinceOf('30d', now)!;
    expect(new Date(since).toISOString()).toBe('2026-11-02T05:00:00.000Z'); // midnight EST
    expect(dayKeyOf(new Date(since))).toBe('2026-11-02');
    expect(new Date(monthStartOf(now)).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    process.env.TZ = 'Asia/Shanghai';
    // 01:30 on Dec 1 in Shanghai is still Nov 30 in UTC: the day is the person's.
    expect(dayKeyOf(new Date('2026-11-30T17:30:00Z'))).toBe('2026-12-01');
    expect(new Date(monthStartOf(new Date('2026-11-30T17:30:00Z'))).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(sinceOf('all', now)).toBeUndefined();
    // A custom range starts at local midnight of the chosen day; without a valid day, no start.
    expect(new Date(sinceOf('custom', now, '2026-03-05')!).toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(sinceOf('custom', now, '')).toBeUndefined();
  });

  it('picks a round axis top at or above the largest value', () => {
    expect(niceScale(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(100)).toEqual({ top: 100, ticks: [0, 25, 50, 75, 100] });
    expect(niceScale(0.33).top).toBeCloseTo(0.4);
    for (const max of [1, 3, 13, 99, 1234, 0.075]) {
      const { top, ticks } = niceScale(max);
      expect(top).toBeGreaterThanOrEqual(max);
      expect(top).toBeLessThan(max * 2.6);
      expect(ticks[ticks.length - 1]).toBeCloseTo(top);
    }
  });

  it('collects currencies from cost and possible cost', () => {
    expect(currenciesOf([row('a', 1, { USD: 1 }), row('b', 1, { CNY: 2 }, 1)])).toEqual(['CNY', 'USD']);
  });
});

describe('usage CSV', () => {
  it('has one line per period and a total, a column per currency, quoted where needed', () => {
    const rows = [row('2026-11-02', 2, { USD: 0.15 }), row('2026-11-03', 1, { CNY: 0.5 }, 2)];
    const total = { ...row('total', 3, { USD: 0.15, CNY: 0.5 }, 2) };
    const csv = usageCsv('day', rows, total);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'day,generations,images,billed_images,possibly_billed_images,cost_CNY,cost_USD,possible_cost_CNY,possible_cost_USD',
      '2026-11-02,2,2,2,0,0,0.15,0,0',
      '2026-11-03,1,1,1,2,0.5,0,0,0.06',
      'total,3,3,3,2,0.5,0.15,0,0.06',
    ]);
    expect(usageCsv('model', [row('a "b", c', 1)], row('total', 1)).split('\r\n')[1]).toBe('"a ""b"", c",1,1,1,0');
  });
});

describe('monthly budget projection', () => {
  const budget = { amount: 10, currency: 'USD' };
  it('adds the month so far (billed and possibly billed) to the estimate', () => {
    const p = projectMonth(budget, { USD: 8 }, { USD: 1 }, { cost: 0.3, currency: 'USD' });
    expect(p).toMatchObject({ spent: 9, adding: 0.3, projected: 9.3, isOver: false, isOtherCurrency: false });
    expect(projectMonth(budget, { USD: 8 }, { USD: 1 }, { cost: 1.2, currency: 'USD' }).isOver).toBe(true);
    // Exactly at the budget is within it.
    expect(projectMonth(budget, { USD: 9.7 }, {}, { cost: 0.3, currency: 'USD' }).isOver).toBe(false);
  });
  it('leaves other currencies out, and still warns when the month is already over', () => {
    const p = projectMonth(budget, { USD: 2, CNY: 500 }, {}, { cost: 3, currency: 'CNY' });
    expect(p).toMatchObject({ spent: 2, adding: 0, isOver: false, isOtherCurrency: true });
    expect(projectMonth(budget, { USD: 11 }, {}, { cost: 3, currency: 'CNY' }).isOver).toBe(true);
  });
  it('gives the share of the budget used, capped', () => {
    expect(budgetShare(5, 10)).toBe(0.5);
    expect(budgetShare(15, 10)).toBe(1);
    expect(budgetShare(0, 0)).toBe(0);
    expect(budgetShare(1, 0)).toBe(1);
  });
});

describe('chartPeriod', () => {
  it('keeps the chosen period while its bars fit, and draws years of days by week or month', () => {
    expect(chartPeriod('day', '2026-09-03', '2026-12-01')).toBe('day');
    expect(chartPeriod('day', '2025-12-02', '2026-12-01')).toBe('week');
    expect(chartPeriod('day', '2021-01-01', '2026-12-01')).toBe('month');
    expect(chartPeriod('week', '2021-01-01', '2026-12-01')).toBe('month');
    expect(chartPeriod('month', '2021-01-01', '2026-12-01')).toBe('month');
    expect(chartPeriod('day', undefined, '2026-12-01')).toBe('day');
    expect(
      bucketRows([], chartPeriod('day', '2025-12-02', '2026-12-01'), '2026-12-01', '2025-12-02').length,
    ).toBeLessThanOrEqual(MAX_BARS);
  });
});
