import { planMessage, type PlanText, type Surface } from './plan-messages';
import type { Locale } from '../i18n-messages';
import { findSize, isModelId, type ModelId } from '../models';

// Prices per image and a batch's estimate (count, cost, time) before anything is sent.
//
// Built-in prices are DEFAULTS, editable per provider (the `prices` table): Alibaba bills per
// successfully generated image, input not billed (../shared/docs/wan-api-native-and-edits.md A.6):
// international list price pro $0.075, standard $0.03; China mainland ¥0.50 and ¥0.20, which
// that page marks UNVERIFIED officially. A third-party gateway sets its own prices: until the
// person enters them, its estimate uses the international list price, labelled as a default.

export type Price = {
  perImage: number;
  /** ISO 4217 code (USD, CNY). */
  currency: string;
  /** `custom`: the person set it; `default`: the built-in figure below. */
  source: 'default' | 'custom';
};

const INTERNATIONAL: Record<ModelId, number> = { 'wan2.7-image-pro': 0.075, 'wan2.7-image': 0.03 };
const MAINLAND_CNY: Record<ModelId, number> = { 'wan2.7-image-pro': 0.5, 'wan2.7-image': 0.2 };

/** The built-in price of a model at a provider (by its API root). */
export function defaultPrice(baseUrl: string, model: string): Price {
  const id: ModelId = isModelId(model) ? model : 'wan2.7-image-pro';
  let host = '';
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    // Not a URL: priced as an unknown gateway.
  }
  if (host === 'dashscope.aliyuncs.com') return { perImage: MAINLAND_CNY[id], currency: 'CNY', source: 'default' };
  return { perImage: INTERNATIONAL[id], currency: 'USD', source: 'default' };
}

/** How fast a provider works through a batch: upstream's limits and a typical task's time. */
export type Pace = {
  /** Tasks running at once (Settings → concurrency; upstream allows 5). */
  concurrency: number;
  /** Task submissions per second (upstream: 5). */
  createsPerSecond: number;
  /** A typical 1K/2K single image, in seconds (the gateway guide says 10–30 s). */
  taskSeconds: number;
};

export const DEFAULT_PACE: Pace = { concurrency: 5, createsPerSecond: 5, taskSeconds: 20 };

export type ModelEstimate = {
  model: string;
  generations: number;
  images: number;
  perImage: number;
  currency: string;
  priceSource: 'default' | 'custom';
  cost: number;
};

export type Estimate = {
  generations: number;
  /** The most images the plan can make: n per generation (an image set may make fewer). */
  images: number;
  /** Total in `currency`; null when the models are priced in different currencies. */
  cost: number | null;
  currency: string;
  byModel: ModelEstimate[];
  /** Rough wall time under the provider's limits. */
  seconds: number;
  pace: Pace;
};

type Row = { model: string; n: number; size: string; isSequential: boolean };

/** A 4K picture takes about twice a 2K one; an image set about half a task per extra image. */
function taskSecondsOf(row: Row, pace: Pace): number {
  const tier = isModelId(row.model) ? findSize(row.model, row.size)?.tier : undefined;
  const base = tier === '4K' ? pace.taskSeconds * 2 : pace.taskSeconds;
  return row.isSequential ? base * (1 + (row.n - 1) / 2) : base;
}

export function estimateRows(
  rows: readonly Row[],
  priceOf: (model: string) => Price,
  pace: Pace = DEFAULT_PACE,
): Estimate {
  const byModel = new Map<string, ModelEstimate>();
  let images = 0;
  let taskSeconds = 0;
  for (const row of rows) {
    images += row.n;
    taskSeconds += taskSecondsOf(row, pace);
    let entry = byModel.get(row.model);
    if (!entry) {
      const price = priceOf(row.model);
      entry = {
        model: row.model,
        generations: 0,
        images: 0,
        perImage: price.perImage,
        currency: price.currency,
        priceSource: price.source,
        cost: 0,
      };
      byModel.set(row.model, entry);
    }
    entry.generations++;
    entry.images += row.n;
  }
  const models = [...byModel.values()];
  for (const m of models) m.cost = roundMoney(m.images * m.perImage);
  const currencies = new Set(models.map((m) => m.currency));
  const currency = models[0]?.currency ?? 'USD';
  const cost = currencies.size > 1 ? null : roundMoney(models.reduce((sum, m) => sum + m.cost, 0));
  // The slower of the two limits: submissions per second, or tasks at once times their length.
  const seconds = Math.ceil(Math.max(rows.length / pace.createsPerSecond, taskSeconds / Math.max(1, pace.concurrency)));
  return { generations: rows.length, images, cost, currency, byModel: models, seconds, pace };
}

export function roundMoney(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}

export type Caps = { maxImages?: number | null; maxCost?: number | null };

/** Why the plan may not start under the caps, as a code; null when it may. */
export function capProblem(estimate: Estimate, caps: Caps): PlanText | null {
  if (caps.maxImages != null && estimate.images > caps.maxImages)
    return { code: 'cap_images', params: { images: estimate.images, cap: caps.maxImages } };
  if (caps.maxCost != null) {
    if (estimate.cost === null) return { code: 'cap_currencies', params: {} };
    if (estimate.cost > caps.maxCost + 1e-9)
      return {
        code: 'cap_cost',
        params: {
          cost: formatMoney(estimate.cost, estimate.currency),
          cap: formatMoney(caps.maxCost, estimate.currency),
        },
      };
  }
  return null;
}

/** Why the plan may not start under the caps, in a sentence naming the surface's controls; null when it may. */
export function capRefusal(
  estimate: Estimate,
  caps: Caps,
  locale: Locale = 'en',
  surface: Surface = 'cli',
): string | null {
  const problem = capProblem(estimate, caps);
  return problem && planMessage(problem, locale, surface);
}

export function formatMoney(amount: number, currency: string): string {
  const digits = amount < 1 && amount > 0 ? 3 : 2;
  return `${amount.toFixed(digits)} ${currency}`;
}
