// The monthly budget's projection, pure so it can be tested: what this month has cost so far in
// the budget's currency, plus what the next generation or batch may cost, against the amount.
// Costs in another currency cannot be compared (no exchange rates here): they are left out and
// the dialog says so.

export type Budget = { amount: number; currency: string };
export type Spend = { cost: number; currency: string };

export type Projection = {
  budget: Budget;
  /** This month so far (billed plus possibly billed), in the budget's currency. */
  spent: number;
  /** What the new work may add, in the budget's currency (0 when priced in another). */
  adding: number;
  projected: number;
  isOver: boolean;
  /** The new work is priced in another currency than the budget's. */
  isOtherCurrency: boolean;
};

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

export function projectMonth(
  budget: Budget,
  monthCost: Record<string, number>,
  monthPossibleCost: Record<string, number>,
  estimate: Spend,
): Projection {
  const spent = round((monthCost[budget.currency] ?? 0) + (monthPossibleCost[budget.currency] ?? 0));
  const isOtherCurrency = estimate.currency !== budget.currency;
  const adding = isOtherCurrency ? 0 : estimate.cost;
  const projected = round(spent + adding);
  return { budget, spent, adding, projected, isOver: projected > budget.amount, isOtherCurrency };
}

/** Share of the budget used, 0..1 (capped), for the month's meter. */
export function budgetShare(spent: number, amount: number): number {
  if (amount <= 0) return spent > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, spent / amount));
}
