import type { BatchStatus, BatchView } from '../../../../shared/batch/batch-types';

// The one progress bar of a batch, from the counts main sends with `batch.progressed`. Pure, so
// the maths is tested in Node.

export type BatchProgress = {
  done: number;
  /** Failed, plus those cut off in flight (possibly billed, never resent on their own). */
  failed: number;
  active: number;
  /** Rows not settled and not in the queue: still to send (none once canceled). */
  remaining: number;
  images: number;
  /** Settled rows over all rows, 0–1. */
  fraction: number;
};

export function progressOf(view: Pick<BatchView, 'status' | 'totalRows' | 'counts'>): BatchProgress {
  const { done, failed, canceled, interrupted, active, images } = view.counts;
  const settled = done + failed + canceled + interrupted;
  const total = Math.max(0, view.totalRows);
  const open = Math.max(0, total - settled - active);
  // A canceled batch sends nothing more: its unsent rows are not "to go", and the bar is full.
  const remaining = view.status === 'canceled' ? 0 : open;
  const fraction = total === 0 || view.status === 'canceled' || view.status === 'done' ? 1 : settled / total;
  return { done, failed: failed + interrupted, active, remaining, images, fraction: Math.min(1, fraction) };
}

/** What the person may do with a batch now. */
export function batchActions(view: Pick<BatchView, 'status'>): {
  canPause: boolean;
  canResume: boolean;
  canCancel: boolean;
} {
  const status: BatchStatus = view.status;
  return {
    canPause: status === 'running',
    canResume: status === 'paused',
    canCancel: status === 'running' || status === 'paused',
  };
}

/** Newest first, one entry per id: a progress event replaces the batch it is about, or adds it. */
export function mergeBatch(list: readonly BatchView[], view: BatchView, limit = 20): BatchView[] {
  const rest = list.filter((b) => b.id !== view.id);
  return [view, ...rest].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

/** Seconds as "45 s", "12 min", "3 h 5 min". */
export function formatDuration(seconds: number, locale: string): string {
  const s = Math.max(0, Math.round(seconds));
  const zh = locale === 'zh-CN';
  if (s < 90) return zh ? `${s} 秒` : `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 90) return zh ? `${minutes} 分钟` : `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return zh ? `${h} 小时 ${m} 分钟` : `${h} h ${m} min`;
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
