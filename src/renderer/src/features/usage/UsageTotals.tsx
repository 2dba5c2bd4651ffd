import type { UsageRow } from '../../../../shared/batch/batch-types';
import { useLocaleStore, useT } from '../../lib/i18n';
import type { Budget } from './budget-model';
import { budgetShare } from './budget-model';
import { formatCount, formatMoney, formatMoneys } from './usage-format';
import { usageStrings } from './strings';

// The range's totals (counts, and cost per currency) and the month so far against the budget.

type UsageTotalsProps = { total: UsageRow; month: UsageRow; budget: Budget | null };

export function UsageTotals({ total, month, budget }: UsageTotalsProps) {
  const t = useT(usageStrings);
  const locale = useLocaleStore((s) => s.locale);
  const count = (v: number): string => formatCount(v, locale);
  const spent = budget ? (month.cost[budget.currency] ?? 0) + (month.possibleCost[budget.currency] ?? 0) : 0;
  const share = budget ? budgetShare(spent, budget.amount) : 0;
  return (
    <section className="usage-totals" aria-labelledby="usage-totals-title" data-testid="usage-totals">
      <h2 id="usage-totals-title" className="usage-section-title">
        {t('totals')}
      </h2>
      <dl className="usage-cards">
        <div className="usage-card">
          <dt>{t('images')}</dt>
          <dd data-testid="usage-total-images" data-value={total.images}>
            {count(total.images)}
          </dd>
        </div>
        <div className="usage-card">
          <dt>{t('billed')}</dt>
          <dd data-testid="usage-total-billed" data-value={total.billedImages}>
            {count(total.billedImages)}
          </dd>
        </div>
        <div className="usage-card" title={t('possiblyHint')}>
          <dt>{t('possibly')}</dt>
          <dd data-testid="usage-total-possibly" data-value={total.possiblyBilledImages}>
            {count(total.possiblyBilledImages)}
          </dd>
        </div>
        <div className="usage-card usage-card-wide">
          <dt>{t('cost')}</dt>
          <dd data-testid="usage-total-cost" data-value={JSON.stringify(total.cost)}>
            {formatMoneys(total.cost, locale, t('noCost'))}
          </dd>
        </div>
        <div className="usage-card usage-card-wide">
          <dt>{t('possibleCost')}</dt>
          <dd data-testid="usage-total-possible-cost" data-value={JSON.stringify(total.possibleCost)}>
            {formatMoneys(total.possibleCost, locale, t('noCost'))}
          </dd>
        </div>
      </dl>
      <p className="usage-hint">{t('possiblyHint')}</p>
      <div className="usage-budget" data-testid="usage-budget">
        <h3 className="usage-budget-title">{t('budget')}</h3>
        {budget ? (
          <>
            <p>
              {t('budgetUsed', {
                spent: formatMoney(spent, budget.currency, locale),
                amount: formatMoney(budget.amount, budget.currency, locale),
                percent: Math.round((budget.amount > 0 ? spent / budget.amount : share) * 100),
              })}
            </p>
            <div
              className={share >= 1 ? 'usage-meter is-over' : 'usage-meter'}
              role="meter"
              aria-label={t('budgetMeter')}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(share * 100)}
            >
              <span style={{ width: `${share * 100}%` }} />
            </div>
          </>
        ) : (
          <p className="usage-hint">{t('budgetNone')}</p>
        )}
      </div>
    </section>
  );
}
