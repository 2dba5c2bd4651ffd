import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useLocaleStore, useT } from '../../lib/i18n';
import { useBudgetAsk } from './budget';
import { formatMoney } from './usage-format';
import { usageStrings } from './strings';

// Asks before a generation or a batch would pass the monthly budget (see budget.ts). Cancel comes
// first and takes the focus: Enter alone never spends past the budget.

export function BudgetDialog() {
  const t = useT(usageStrings);
  const locale = useLocaleStore((s) => s.locale);
  const pending = useBudgetAsk((s) => s.pending);
  const answer = useBudgetAsk((s) => s.answer);
  if (!pending) return null;
  const { budget, spent, adding, projected, isOtherCurrency } = pending.projection;
  const money = (value: number): string => formatMoney(value, budget.currency, locale);
  return (
    <Dialog
      isOpen
      title={t('askTitle')}
      onClose={() => answer(false)}
      testId="budget-dialog"
      footer={
        <>
          <Button variant="ghost" autoFocus data-testid="budget-cancel" onClick={() => answer(false)}>
            {t('askCancel')}
          </Button>
          <Button variant="primary" data-testid="budget-confirm" onClick={() => answer(true)}>
            {t('askConfirm')}
          </Button>
        </>
      }
    >
      <p data-testid="budget-projection">
        {isOtherCurrency
          ? t('askOtherCurrency', { spent: money(spent), amount: money(budget.amount) })
          : t('askBody', {
              spent: money(spent),
              adding: money(adding),
              projected: money(projected),
              amount: money(budget.amount),
            })}
      </p>
    </Dialog>
  );
}
