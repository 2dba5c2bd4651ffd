import type { UsageRow } from '../../../../shared/batch/batch-types';

// The Usage screen's chart maths, pure so it can be tested: main reports the ledger per day
// (YYYY-MM-DD in the person's local time zone); weeks and months are built from those days here,
// with the empty periods filled in so a chart shows gaps as gaps. Keys are calendar dates, so no
// time zone or daylight-saving arithmetic happens on them.

export type Period = 'day' | 'week' | 'month';
export type Range = '30d' | '90d' | '12m' | 'all' | 'custom';
export const RANGES: readonly Range[] = ['30d', '90d', '12m', 'all', 'custom'];
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

const pad = (n: number): string => String(n).padStart(2, '0');

/** The local calendar date of a moment, as YYYY-MM-DD. */
export function dayKeyOf(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A YYYY-MM-DD key as a calendar date (UTC noon, so stepping days never meets a DST edge). */
function calendar(key: string): Date {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1, 12));
}

function keyOfCalendar(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The Monday of a day's week (ISO weeks start on Monday), as main's `week` grouping names it. */
export function weekKeyOf(dayKey: string): string {
  const date = calendar(dayKey);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return keyOfCalendar(date);
}

export function monthKeyOf(dayKey: string): string {
  return dayKey.slice(0, 7);
}

export function periodKeyOf(dayKey: string, period: Period): string {
  return period === 'day' ? dayKey : period === 'week' ? weekKeyOf(dayKey) : monthKeyOf(dayKey);
}

/** Every period key from the one holding `fromDay` to the one holding `toDay`, in order. */
export function periodKeys(fromDay: string, toDay: string, period: Period): string[] {
  const keys: string[] = [];
  const end = periodKeyOf(toDay, period);
  const date = calendar(periodKeyOf(fromDay, period).padEnd(10, '-01').slice(0, 10));
  for (let guard = 0; guard < 20_000; guard++) {
    const key = periodKeyOf(keyOfCalendar(date), period);
    if (key > end) break;
    keys.push(key);
    if (period === 'day') date.setUTCDate(date.getUTCDate() + 1);
    else if (period === 'week') date.setUTCDate(date.getUTCDate() + 7);
    else date.setUTCMonth(date.getUTCMonth() + 1, 1);
  }
  return keys;
}

/**
 * Where a range starts: local midnight that many days or months ago, or on the chosen day
 * (YYYY-MM-DD) for `custom`; `all` (or a custom range without a valid day) has no start.
 */
export function sinceOf(range: Range, now: Date, customDay = ''): number | undefined {
  if (range === 'all') return undefined;
  if (range === 'custom') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customDay);
    return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime() : undefined;
  }
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (range === '12m') start.setMonth(start.getMonth() - 12);
  else start.setDate(start.getDate() - (range === '30d' ? 29 : 89));
  return start.getTime();
}

/** Local midnight on the first of the month holding `now`. */
export function monthStartOf(now: Date): number {
  return new Date(now.getFullYear(), now.getMonth(), 1).getTime();
}

export function emptyRow(key: string): UsageRow {
  return { key, generations: 0, images: 0, billedImages: 0, possiblyBilledImages: 0, cost: {}, possibleCost: {} };
}

const roundMoney = (value: number): number => Math.round(value * 1e6) / 1e6;

function addMoney(into: Record<string, number>, from: Record<string, number>): void {
  for (const [currency, amount] of Object.entries(from)) into[currency] = roundMoney((into[currency] ?? 0) + amount);
}

export function addRow(into: UsageRow, row: UsageRow): void {
  into.generations += row.generations;
  into.images += row.images;
  into.billedImages += row.billedImages;
  into.possiblyBilledImages += row.possiblyBilledImages;
  addMoney(into.cost, row.cost);
  addMoney(into.possibleCost, row.possibleCost);
}

/**
 * Day rows summed into periods, every period from `fromDay` to `toDay` present (empty ones
 * zero). Without `fromDay` the series starts at the first day with any row.
 */
export function bucketRows(dayRows: readonly UsageRow[], period: Period, toDay: string, fromDay?: string): UsageRow[] {
  const first = fromDay ?? dayRows[0]?.key;
  if (!first) return [];
  const buckets = new Map(periodKeys(first, toDay, period).map((key) => [key, emptyRow(key)]));
  for (const row of dayRows) {
    const bucket = buckets.get(periodKeyOf(row.key, period));
    if (bucket) addRow(bucket, row);
  }
  return [...buckets.values()];
}

/** Currencies that appear anywhere in the rows, sorted, so columns and legends are stable. */
export function currenciesOf(rows: readonly UsageRow[]): string[] {
  const found = new Set<string>();
  for (const row of rows) for (const c of [...Object.keys(row.cost), ...Object.keys(row.possibleCost)]) found.add(c);
  return [...found].sort();
}

/** A round axis top at or above `max` (1, 2, 2.5 or 5 × 10^k) and evenly spaced ticks from 0. */
export function niceScale(max: number, tickCount = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const rough = max / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { top, ticks };
}

/** More bars than this would be slivers (and thousands of SVG nodes): the chart goes coarser. */
export const MAX_BARS = 120;

/**
 * The period the charts draw: the chosen one, or the first coarser one whose bars from `fromDay`
 * to `toDay` fit in MAX_BARS (years of days are drawn by week or month; the CSV keeps the choice).
 */
export function chartPeriod(period: Period, fromDay: string | undefined, toDay: string): Period {
  if (!fromDay || fromDay > toDay) return period;
  const days = Math.round((calendar(toDay).getTime() - calendar(fromDay).getTime()) / 86_400_000) + 1;
  const bars: Record<Period, number> = { day: days, week: Math.ceil(days / 7) + 1, month: Math.ceil(days / 28) + 1 };
  const order = PERIODS.slice(PERIODS.indexOf(period));
  return order.find((p) => bars[p] <= MAX_BARS) ?? 'month';
}
