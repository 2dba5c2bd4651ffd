// Money and counts as the Usage screen, the budget dialog and the price table show them.

/** "US$0.45", "¥3.20": up to 4 decimals, since per-image prices go below a cent. */
export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 4,
    }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** "US$0.45 + ¥3.20": one amount per currency, or `none` when there is none. */
export function formatMoneys(sums: Record<string, number>, locale: string, none: string): string {
  const parts = Object.entries(sums)
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amount]) => formatMoney(amount, currency, locale));
  return parts.length > 0 ? parts.join(' + ') : none;
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}
