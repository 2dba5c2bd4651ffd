import { create } from 'zustand';
import { activeProfileOf } from '../../app/app-selectors';
import { useAppStore } from '../../app/app-store';
import { call } from '../../lib/wan';
import { projectMonth, type Projection, type Spend } from './budget-model';
import { monthStartOf } from './usage-math';

// The monthly budget check that Generate (and a batch's start) runs first: when the month so far
// plus the new work would pass the budget, a dialog shows the projection and asks. Without a
// budget, or when the ledger cannot be read, nothing is asked: a budget warns, it never blocks.

type BudgetAsk = {
  pending: { projection: Projection; resolve: (isConfirmed: boolean) => void } | null;
  answer: (isConfirmed: boolean) => void;
};

export const useBudgetAsk = create<BudgetAsk>((set, get) => ({
  pending: null,
  answer: (isConfirmed) => {
    get().pending?.resolve(isConfirmed);
    set({ pending: null });
  },
}));

/** The month so far (billed and possibly billed cost per currency): one cheap ledger query. */
export async function monthToDate(
  now = new Date(),
): Promise<{ cost: Record<string, number>; possible: Record<string, number> }> {
  const report = await call('usage.report', { by: 'month', since: monthStartOf(now) });
  return { cost: report.total.cost, possible: report.total.possibleCost };
}

/**
 * Resolves true when the work may go ahead: no budget, within it, or the person confirmed.
 * `estimate` is the most the work can cost (a batch's estimate, or n images at the model's price).
 */
export async function confirmWithinBudget(estimate: Spend | null): Promise<boolean> {
  const budget = useAppStore.getState().settings?.monthlyBudget;
  if (!budget || !estimate) return true;
  let projection: Projection;
  try {
    const month = await monthToDate();
    projection = projectMonth(budget, month.cost, month.possible, estimate);
  } catch {
    return true;
  }
  if (!projection.isOver) return true;
  useBudgetAsk.getState().pending?.resolve(false);
  return new Promise<boolean>((resolve) => useBudgetAsk.setState({ pending: { projection, resolve } }));
}

/** The most a generation can cost: n images at the model's price at the active provider. */
export async function generationEstimate(
  model: string,
  n: number,
  profileId: string | undefined,
): Promise<Spend | null> {
  const { settings, profiles } = useAppStore.getState();
  const profile = profiles.find((p) => p.id === profileId) ?? activeProfileOf(settings, profiles);
  if (!profile) return null;
  try {
    const prices = await call('prices.list', undefined);
    const price = prices.find((p) => p.baseUrl === profile.baseUrl && p.model === model);
    return price ? { cost: n * price.perImage, currency: price.currency } : null;
  } catch {
    return null;
  }
}
