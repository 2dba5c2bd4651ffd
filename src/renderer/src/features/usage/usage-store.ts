import { create } from 'zustand';
import type { UsageReport } from '../../../../shared/batch/batch-types';
import type { ErrorValue } from '../../../../shared/errors';
import { toErrorValue } from '../../app/app-store';
import { call } from '../../lib/wan';
import { dayKeyOf, monthStartOf, sinceOf, type Period, type Range } from './usage-math';

// What the Usage screen shows: the ledger per day and per model over the chosen range, and the
// month so far for the budget. Two cheap queries (bench/usage.bench.ts); weeks and months are
// summed from the days here, so switching the period asks main for nothing.

type Loaded = { days: UsageReport; models: UsageReport; month: UsageReport; since: number | undefined };

type UsageState = {
  range: Range;
  /** The first day (YYYY-MM-DD) of a custom range. */
  customDay: string;
  period: Period;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  data: Loaded | null;
  error: ErrorValue | null;
  setRange: (range: Range) => void;
  setCustomDay: (day: string) => void;
  setPeriod: (period: Period) => void;
  load: () => Promise<void>;
};

let loadSeq = 0;

export const useUsageStore = create<UsageState>((set, get) => ({
  range: '90d',
  customDay: dayKeyOf(new Date(Date.now() - 29 * 86_400_000)),
  period: 'day',
  status: 'idle',
  data: null,
  error: null,
  setRange: (range) => {
    set({ range });
    void get().load();
  },
  setCustomDay: (customDay) => {
    set({ customDay });
    void get().load();
  },
  setPeriod: (period) => set({ period }),
  load: async () => {
    const seq = ++loadSeq;
    const now = new Date();
    const since = sinceOf(get().range, now, get().customDay);
    set({ status: 'loading', error: null });
    try {
      // Days and models come from one scan of the ledger (`withModels`): "All time" reads it once.
      const [days, month] = await Promise.all([
        call('usage.report', { by: 'day', withModels: true, ...(since !== undefined ? { since } : {}) }),
        call('usage.report', { by: 'month', since: monthStartOf(now) }),
      ]);
      const models = { ...days, by: 'model' as const, rows: days.models ?? [] };
      // A later range choice wins over an earlier answer that arrives late.
      if (seq === loadSeq) set({ status: 'ready', data: { days, models, month, since } });
    } catch (err) {
      if (seq === loadSeq) set({ status: 'failed', error: toErrorValue(err) });
    }
  },
}));
